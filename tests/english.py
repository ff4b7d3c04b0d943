"""English in what a browser shows: every word without Vietnamese letters that is not
spelled like a Vietnamese syllable ("Save", "Preview", "Add" are not), plus the short
English words that are (the crawl's list: "Go", "No", "the"…).

Spelling: an onset Vietnamese writes, a vowel group of importers.legacy_vn (the
syllable rules its legacy-encoding check uses) and a final of c, ch, m, n, ng, nh,
p, t (or none). "trang", "tin", "con" pass; "Sidebar", "Minimap", "Bold" do not.
"""

import re

from importers.legacy_vn import _LETTERS, _SYLLABLE, _fits, _words

from .test_vietnamese_crawl import ENGLISH_WORDS

ONSETS = _words("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph q qu r s t th tr v x")
FINALS = _words("c ch m n ng nh p t")
SHORT = frozenset(w for w in ENGLISH_WORDS if " " not in w)
# Vietnamese written without a syllable's shape: "trang web", "6 thg 12" (the
# browser's own Vietnamese date).
VIETNAMESE = frozenset({"web", "thg"})
WORD = re.compile(r"[A-Za-zÀ-ỹĐđ]+")


def spelled_vietnamese(word: str) -> bool:
    base = word.lower()
    match = _SYLLABLE.fullmatch(base)
    if match is None or not set(base) <= _LETTERS:
        return False
    onset, nucleus, final = match.groups()
    if (onset and onset not in ONSETS) or (final and final not in FINALS):
        return False
    if _fits(nucleus, final):
        return True
    glide = (onset.endswith("g") and nucleus[0] == "i") or (
        onset.endswith("q") and nucleus[0] == "u"
    )
    return glide and _fits(nucleus[1:], final)


def english_words(text: str, allowed=frozenset()) -> list[str]:
    """The English words of `text`, in order (a word in `allowed` is a name; a
    single letter is no word: "t…" is a cut title, "B" a key)."""
    found = []
    for word in WORD.findall(text):
        if (
            word in allowed
            or word in VIETNAMESE
            or not word.isascii()
            or len(word) == 1
        ):
            continue
        if word in SHORT or not spelled_vietnamese(word):
            found.append(word)
    return found
