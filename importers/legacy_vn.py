"""Vietnamese typed in the legacy 8-bit font encodings TCVN3 (ABC) and VNI.

Old government spreadsheets were typed with .VnTime (TCVN3) or VNI-Times fonts. The
cells hold Latin-1 characters that only those fonts draw as Vietnamese letters:
"Nguyễn Văn Hùng" is stored as "NguyÔn V¨n Hïng" (TCVN3) or "Nguyeãn Vaên Huøng"
(VNI). TCVN3 maps one byte to one letter; VNI writes a base letter followed by a mark.

`LegacyText.repair()` decides per value which reading gives Vietnamese syllables:
the text as it is (Unicode), its TCVN3 reading, or its VNI reading. A value that only
one reading explains is converted; a value several readings explain follows what the
file has shown so far (`prime()` reads the first rows before the import starts); a
value no reading explains, or one still ambiguous, is refused with `LegacyTextError`.
"""

import re
import unicodedata
from collections import Counter

UNICODE, TCVN3, VNI = "unicode", "tcvn3", "vni"
NAMES = {TCVN3: "TCVN3 (ABC)", VNI: "VNI"}

# TCVN3 (TCVN 5712:1993, VN3 "ABC" fonts): byte as Latin-1 -> letter. Capital letters
# with a tone mark have no code of their own (the ".VnTimeH" fonts draw the lower-case
# codes as capitals), so such text comes back in lower case.
_TCVN3_ROWS = (
    ("µ¸¶·¹", "àáảãạ"),
    ("¨»¾¼½Æ", "ăằắẳẵặ"),
    ("©ÇÊÈÉË", "âầấẩẫậ"),
    ("ÌÐÎÏÑ", "èéẻẽẹ"),
    ("ªÒÕÓÔÖ", "êềếểễệ"),
    ("×ÝØÜÞ", "ìíỉĩị"),
    ("ßãáâä", "òóỏõọ"),
    ("«åèæçé", "ôồốổỗộ"),
    ("¬êíëìî", "ơờớởỡợ"),
    ("ïóñòô", "ùúủũụ"),
    ("\xadõøö÷ù", "ưừứửữự"),
    ("úýûüþ", "ỳýỷỹỵ"),
    ("®¡¢£¤¥¦§", "đĂÂÊÔƠƯĐ"),
)
TCVN3_TABLE = {
    code: letter
    for codes, letters in _TCVN3_ROWS
    for code, letter in zip(codes, letters, strict=True)
}
_TCVN3_TRANS = str.maketrans(TCVN3_TABLE)

# VNI Windows: a mark character after the base letter, in the base letter's case.
_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303"}
_CIRCUMFLEX["ä"] = "\u0323"
_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303"}
_BREVE["ë"] = "\u0323"
# Letters VNI writes as one character: ơ ư đ and the toned i, and ỵ.
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì"}
_VNI_SINGLE |= {"æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(base_code: str, base: str, marks: dict, shape: str = "") -> None:
        for mark, tone in marks.items():
            letter = unicodedata.normalize("NFC", base + shape + tone)
            for code in {base_code + mark, base_code.upper() + mark.upper()}:
                table[code] = letter if code[0].islower() else letter.upper()
            table[base_code.upper() + mark] = letter.upper()

    for base in "aeouy":
        add(base, base, _TONES)
    add("ô", "ơ", _TONES)
    add("ö", "ư", _TONES)
    for base in "aeo":
        add(base, base, _CIRCUMFLEX, "\u0302")
    add("a", "a", _BREVE, "\u0306")
    for code, letter in _VNI_SINGLE.items():
        table[code] = letter
        table[code.upper()] = letter.upper()
    return table


VNI_TABLE = _vni_table()
_VNI_PATTERN = re.compile(
    "|".join(re.escape(code) for code in sorted(VNI_TABLE, key=len, reverse=True))
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Syllables: what a Vietnamese word looks like once tone marks are taken off.
_VOWELS = "aăâeêioôơuưy"
_NUCLEI = _words(
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo "
    "ôi ơi ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê iêu yêu oai oay oao oeo uây "
    "uôi ươi ươu uya uyê uyu uêu"
)
# Vowel groups that end in a glide take no final consonant (mua, mưa, mai, mưu …).
_OPEN_NUCLEI = _words(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu yêu oai oay "
    "oao oeo uây uôi ươi ươu uya uyu uêu"
)
# -nh and -ch only follow a, ê, i, y (and oa, uê, uy): anh, ênh, inh, huỳnh, oanh.
_PALATAL_NUCLEI = _words("a ê i y oa uê uy")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzăâđêôơư")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_SYLLABLE = re.compile(f"([^{_VOWELS}]*)([{_VOWELS}]+)([^{_VOWELS}]*)")
_WORD = re.compile(r"[^\s\x00-\x40\x5b-\x60\x7b-\x7f\xa0]+")
_LATIN1_HIGH = re.compile(r"[\x80-\x9f\xa1-\xff]")
# Letters only Unicode Vietnamese has (and its combining marks, for NFD input).
_VIETNAMESE_UNICODE = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
    "\u1ea0-\u1ef9\u0300-\u0303\u0309\u0323]"
)
CACHE_SIZE = 50_000


class LegacyTextError(ValueError):
    """A value that cannot be read as Vietnamese; the message is for the clerk."""


def from_tcvn3(value: str) -> str | None:
    """The TCVN3 reading, or None when a character has no TCVN3 meaning."""
    if any(ch >= "\x80" and ch != "\xa0" and ch not in TCVN3_TABLE for ch in value):
        return None
    return unicodedata.normalize("NFC", value.translate(_TCVN3_TRANS))


def from_vni(value: str) -> str | None:
    """The VNI reading, or None when a character has no VNI meaning."""
    rest = _VNI_PATTERN.sub("", value)
    if _LATIN1_HIGH.search(rest):
        return None
    converted = _VNI_PATTERN.sub(lambda m: VNI_TABLE[m.group()], value)
    return unicodedata.normalize("NFC", converted)


def plausible_word(word: str) -> bool:
    """One Vietnamese syllable: one tone at most, a known vowel group, sane case."""
    if word.isascii():
        return True
    rest = word[1:]
    if rest != rest.lower() and word != word.upper():
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(ch in _TONE_MARKS for ch in decomposed) > 1:
        return False
    base = unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    )
    if not set(base) <= _LETTERS:
        return False
    match = _SYLLABLE.fullmatch(base)
    if match is None:
        return False
    onset, nucleus, coda = match.groups()
    if _fits(nucleus, coda):
        return True
    # gi- and qu- onsets: the i/u belongs to the consonant.
    glide = (onset.endswith("g") and nucleus[0] == "i") or (
        onset.endswith("q") and nucleus[0] == "u"
    )
    return glide and _fits(nucleus[1:], coda)


def _fits(nucleus: str, coda: str) -> bool:
    if nucleus not in _NUCLEI:
        return False
    if coda and nucleus in _OPEN_NUCLEI:
        return False
    return coda not in ("nh", "ch") or nucleus in _PALATAL_NUCLEI


def plausible(value: str) -> bool:
    return all(plausible_word(word) for word in _WORD.findall(value))


def readings(value: str) -> dict[str, str]:
    """Encoding -> the Vietnamese text that reading gives, for every plausible one."""
    found = {}
    if plausible(value):
        found[UNICODE] = value
    for encoding, convert in ((TCVN3, from_tcvn3), (VNI, from_vni)):
        text = convert(value)
        if text is not None and text != value and plausible(text):
            found[encoding] = text
    return found


class LegacyText:
    """Per file: which legacy encoding the file has shown, and what was converted."""

    def __init__(self):
        self.evidence: Counter = Counter()
        self.converted: Counter = Counter()
        self.examples: dict[str, tuple[str, str]] = {}
        self._cache: dict[str, dict[str, str]] = {}

    def _readings(self, value: str) -> dict[str, str]:
        found = self._cache.get(value)
        if found is None:
            found = readings(value)
            if len(self._cache) < CACHE_SIZE:
                self._cache[value] = found
        return found

    def prime(self, value: str) -> None:
        """Learn from a value whose reading is certain (used on the first rows)."""
        if value and _VIETNAMESE_UNICODE.search(value):
            self.evidence[UNICODE] += 1
        elif value and _LATIN1_HIGH.search(value):
            found = self._readings(value)
            if len(found) == 1:
                self.evidence[next(iter(found))] += 1

    def plain(self, value: str) -> int | None:
        """What `repair` does with a value it returns unchanged, for a caller that
        remembers values: 1 when the value is Unicode and only Unicode (counted as
        evidence, as `repair` counts it); 0 when it has no character of Latin-1's
        upper half (left alone); 2 when other readings fit too but the file has
        shown Unicode more than any other (taken as it is, counting nothing: valid
        again only while `unicode_leads()`); None when `repair` must decide."""
        if value.isascii():  # O(1) in CPython: a code, a number, "Kinh"
            return 0
        if _VIETNAMESE_UNICODE.search(value):
            self.evidence[UNICODE] += 1
            return 1
        if not _LATIN1_HIGH.search(value):
            return 0
        found = self._readings(value)  # e.g. "Lê Hà": only Latin-1 letters
        if UNICODE in found:
            if len(found) == 1:
                self.evidence[UNICODE] += 1
                return 1
            if self.unicode_leads():
                return 2
        return None

    def unicode_leads(self, pending: int = 0) -> bool:
        """Whether `repair` takes a value that Unicode and other encodings all
        explain as Unicode (`_choose`), `pending` Unicode values not yet counted."""
        evidence = self.evidence
        return evidence[UNICODE] + pending > max(evidence[TCVN3], evidence[VNI])

    def repair(self, value: str) -> str:
        """The value in Unicode; raises LegacyTextError when it cannot be decided."""
        if not value:
            return value
        if _VIETNAMESE_UNICODE.search(value):  # most Vietnamese text: one search
            self.evidence[UNICODE] += 1
            return value
        if not _LATIN1_HIGH.search(value):
            return value
        found = self._readings(value)
        encoding = self._choose(value, found)
        if len(found) == 1:
            self.evidence[encoding] += 1
        if encoding != UNICODE:
            self.converted[encoding] += 1
            self.examples.setdefault(encoding, (value, found[encoding]))
        return found[encoding]

    def _choose(self, value: str, found: dict[str, str]) -> str:
        if not found:
            raise LegacyTextError(
                f"Không đọc được '{value}': có ký tự không phải chữ tiếng Việt "
                "Unicode, cũng không đọc được theo bảng mã TCVN3 hay VNI. Hãy chuyển "
                "tệp sang Unicode (ví dụ bằng Unikey Toolkit) rồi nhập lại."
            )
        if len(found) == 1:
            return next(iter(found))
        # Several readings fit: follow the file, when it has shown one clearly.
        ranked = sorted(found, key=lambda enc: self.evidence[enc], reverse=True)
        if self.evidence[ranked[0]] > self.evidence[ranked[1]]:
            return ranked[0]
        if UNICODE in found and not any(self.evidence[enc] for enc in (TCVN3, VNI)):
            return UNICODE
        options = " hoặc ".join(NAMES.get(enc, "Unicode") for enc in sorted(found))
        raise LegacyTextError(
            f"Không xác định được bảng mã của '{value}' (có thể là {options}). Hãy "
            "chuyển cả tệp sang Unicode (ví dụ bằng Unikey Toolkit) rồi nhập lại."
        )

    def summary(self) -> list[str]:
        """One line per legacy encoding met, with an example of the conversion."""
        lines = []
        for encoding in self.converted:
            before, after = self.examples[encoding]
            lines.append(
                f"Tệp có chữ gõ bằng bảng mã {NAMES[encoding]}: đã chuyển sang Unicode "
                f"(ví dụ '{before}' thành '{after}'); hãy kiểm tra lại."
            )
        return lines
