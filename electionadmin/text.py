"""Vietnamese text: NFC storage, tone-insensitive search keys, dictionary order.

Officials type `nguyen van a` for `Nguyễn Văn A`, spreadsheets arrive in NFC or NFD,
and the ballot lists candidates in Vietnamese alphabetical order. These helpers are
the one place those rules live.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Vietnamese dictionary order; foreign f, j, w, z sit where Latin puts them.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_SHAPE_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "+"}
# Tones in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SHAPED = {
    ("a", "ă"): "ă",
    ("a", "^"): "â",
    ("e", "^"): "ê",
    ("o", "^"): "ô",
    ("o", "+"): "ơ",
    ("u", "+"): "ư",
}


def clean_text(value) -> str:
    """NFC, trimmed, inner runs of white space collapsed to one space."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return _SPACES.sub(" ", text).strip()


def person_name(value) -> str:
    """A person's name as typed on a form, as the list prints it: NFC, spaces
    tidied, each word typed all in lower or all in upper case capitalised
    ("nguyễn  văn AN" → "Nguyễn Văn An"); a word typed in mixed case is kept as
    typed ("McKay")."""

    def word(w: str) -> str:
        if not (w.islower() or w.isupper()):
            return w
        return _FIRST_LETTER.sub(lambda m: m.group().upper(), w.lower(), count=1)

    return " ".join(word(w) for w in clean_text(value).split(" "))


_FIRST_LETTER = re.compile(r"[^\W\d_]")


def fold(value) -> str:
    """Search key: lower case, tone and shape marks removed, đ → d."""
    text = unicodedata.normalize("NFD", clean_text(value).lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("đ", "d")


def _letters(word: str) -> tuple[list[int], list[int]]:
    ranks: list[int] = []
    tones: list[int] = []
    for base in unicodedata.normalize("NFC", word.lower()):
        parts = unicodedata.normalize("NFD", base)
        letter, marks = parts[0], parts[1:]
        tone = 0
        for mark in marks:
            if mark in _SHAPE_MARKS:
                letter = _SHAPED.get((letter, _SHAPE_MARKS[mark]), letter)
            tone = _TONE_RANK.get(mark, tone)
        ranks.append(_LETTER_RANK.get(letter, 100 + ord(letter)))
        tones.append(tone)
    return ranks, tones


def word_key(word: str) -> tuple:
    """Dictionary order of one word: letters first, then tones left to right."""
    ranks, tones = _letters(word)
    return (tuple(ranks), tuple(tones))


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name; an alias in () is ignored."""
    name = re.sub(r"\([^)]*\)", " ", clean_text(full_name))
    words = name.split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def phrase_key(phrase: str) -> tuple:
    return tuple(word_key(word) for word in phrase.split())
