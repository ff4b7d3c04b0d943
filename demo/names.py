"""Synthetic Vietnamese full names drawn from aggregate name frequencies.

Family names follow their counts; a given name belongs to one gender by the name
vocabulary (ties broken by how often it follows Thị or Văn); many women carry Thị.
"""

import csv
import random
from functools import cache
from itertools import accumulate
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
FEMALE, MALE = "F", "M"

# Middle names that read as female or male, weighted by their counts in the file.
_FEMALE_MIDDLES = ["Ngọc", "Thanh", "Kim", "Hồng", "Thu", "Mỹ", "Phương", "Bích"]
_FEMALE_MIDDLES += ["Thúy", "Diễm", "Hoài", "Minh", "Tuyết", "Khánh", "Như"]
_MALE_MIDDLES = ["Minh", "Hoàng", "Quốc", "Đức", "Quang", "Hữu", "Thành", "Xuân"]
_MALE_MIDDLES += ["Duy", "Đình", "Trung", "Tấn", "Công", "Trọng", "Thế", "Tiến"]
_MALE_MIDDLES += ["Thanh", "Ngọc", "Anh", "Hải", "Việt", "Nhật", "Mạnh", "Hoài"]


Pool = tuple[list[str], list[int]]  # names and cumulative weights, for rng.choices


def _pool(weights: dict[str, int]) -> Pool:
    return list(weights), list(accumulate(weights.values()))


def _rows(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def _family() -> Pool:
    rows = _rows("names_family_freq_uit.csv")
    return _pool(
        {r["family_name"]: int(r["count"]) for r in rows if int(r["count"]) >= 5}
    )


@cache
def _middles() -> dict[str, Pool]:
    counts = {
        r["middle_name_token"]: int(r["count"])
        for r in _rows("names_middle_freq_uit.csv")
    }
    return {
        FEMALE: _pool({m: counts.get(m, 1) for m in _FEMALE_MIDDLES}),
        MALE: _pool({m: counts.get(m, 1) for m in _MALE_MIDDLES}),
    }


@cache
def _given() -> dict[str, Pool]:
    """Given names per gender; only names seen in the frequency sample."""
    genders: dict[str, set[str]] = {}
    for r in _rows("names_given_vocab_by_gender_namedb.csv"):
        name = r["given_name"].replace("Ð", "Đ")  # the file mixes in an Icelandic Eth
        genders.setdefault(name, set()).add(FEMALE if r["gender"] == "female" else MALE)
    family_names = set(_family()[0][:30])
    pools: dict[str, dict[str, int]] = {FEMALE: {}, MALE: {}}
    for r in _rows("names_given_freq_uit.csv"):
        name, count = r["given_name"], int(r["count"])
        thi = int(r["count_with_middle_Thi(female_hint)"])
        van = int(r["count_with_middle_Van(male_hint)"])
        gender = _gender_of(genders.get(name, set()), thi, van)
        if gender == FEMALE and name in family_names:
            continue  # "Nguyễn Thị Lê" reads as a sample artefact, not a name
        if gender and name[:1].isupper():
            pools[gender][name] = count
    return {gender: _pool(pool) for gender, pool in pools.items()}


def _gender_of(genders: set[str], thi: int, van: int) -> str | None:
    if len(genders) == 1:
        return next(iter(genders))
    # A name both genders carry is kept only when one clearly dominates.
    if genders and thi >= max(3, 2 * van):
        return FEMALE
    if genders and van >= max(3, 2 * thi):
        return MALE
    return None


class NameMaker:
    """Seeded: the same seed gives the same sequence of people."""

    def __init__(self, seed: str, female_share: float = 0.5):
        self.rng = random.Random(seed)
        self.female_share = female_share

    def gender(self) -> str:
        return FEMALE if self.rng.random() < self.female_share else MALE

    def full_name(self, gender: str) -> str:
        rng = self.rng
        family = self._pick(_family())
        given = self._pick(_given()[gender])
        middles = _middles()[gender]
        if gender == FEMALE and rng.random() < 0.55:
            middle = "Thị"
            if rng.random() < 0.2:
                middle += " " + self._pick(middles)
        elif gender == MALE and rng.random() < 0.35:
            middle = "Văn"
        else:
            middle = self._pick(middles)
        if middle.split()[-1] == given:
            middle = "Thị" if gender == FEMALE else "Văn"
        return f"{family} {middle} {given}"

    def _pick(self, pool: Pool) -> str:
        names, cumulative = pool
        return self.rng.choices(names, cum_weights=cumulative)[0]

    def people(self, count: int) -> list[tuple[str, str]]:
        """`count` (full name, gender) pairs with no name repeated."""
        seen: set[str] = set()
        people = []
        while len(people) < count:
            gender = self.gender()
            name = self.full_name(gender)
            if name not in seen:
                seen.add(name)
                people.append((name, gender))
        return people
