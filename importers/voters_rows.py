"""One row of the voters sheet (docs/EXCHANGE.md §2) -> a staged tuple, or its problems.

Per-row formats are checked here while the file streams: citizen ID, dates, gender,
residence, the voting area, age on election day, text in NFC and legacy encodings.
Checks across rows (a citizen listed twice, already listed elsewhere) run in SQL on
the staged rows (importers/voters_sql.py).
"""

import unicodedata
from collections import defaultdict
from operator import itemgetter
from typing import Any

from electionadmin.setup.models import VotingArea
from electionadmin.text import clean_text, fold
from electionadmin.voters import eligibility, identity
from electionadmin.voters.models import VoterEntry

from . import cells
from .cells import CellError
from .cells import voter_birth_date as birth_date
from .legacy_vn import UNICODE, LegacyText, LegacyTextError

TEXT_LIMITS = {
    name: VoterEntry._meta.get_field(name).max_length
    for name in [
        "full_name",
        "ethnicity",
        "occupation",
        "permanent_address",
        "temporary_address",
        "household",
        "note",
    ]
}
RESIDENCE = cells.aliases(
    VoterEntry.Residence.values,
    {label: value for value, label in VoterEntry.Residence.choices}
    | {
        "tạm trú trên 12 tháng": "temporary_12m_plus",
        "tạm trú dưới 12 tháng": "temporary_under_12m",
        "quân nhân": "armed_forces",
        "tạm giam": "detained",
        "tạm giữ": "detained",
    },
)
CACHE_SIZE = 200_000  # distinct cell values remembered per import
# Texts remembered per column (names, addresses): emptied when full, so it holds
# the latest (a household's address, its number) and what every row repeats.
TEXT_CACHE_SIZE = 50_000
# The cells `RowParser.parse` reads, in the order it checks them.
ROW_KEYS = (
    *TEXT_LIMITS,
    "gender",
    "birth_date",
    "citizen_id",
    "residence",
    "commune_code",
    "area_number",
    "temporary_since",
)
LABELS = {
    "gender": "giới tính",
    "birth_date": "ngày sinh",
    "residence": "diện cư trú",
    "temporary_since": "ngày bắt đầu tạm trú",
}


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def tidy(value: str) -> str:
    """`clean_text` for a string, skipping the work when it is already clean."""
    untidy = "  " in value or value[0] == " " or value[-1] == " "
    # Tabs, line breaks and non-breaking spaces are not printable.
    if untidy or not value.isprintable() or not unicodedata.is_normalized("NFC", value):
        return clean_text(value)
    return value


class AreaBook:
    """The election's voting areas and the contests each one holds."""

    def __init__(self, election, allowed: frozenset[int] | None = None):
        self.election = election
        self.cycle = election.cycle
        areas = VotingArea.objects.filter(election=election).select_related("commune")
        self.by_key = {(a.commune.code, a.number): a for a in areas}
        self.by_id = {a.pk: a for a in self.by_key.values()}
        self.communes = {code for code, _ in self.by_key}
        # The areas an official may list voters in (None: all of them).
        self.allowed = allowed
        self.allowed_communes = {
            a.commune.code for a in self.by_id.values() if allowed and a.pk in allowed
        }
        self.kinds = eligibility.area_kinds(election)
        self._masks: dict[tuple[int, str], int] = {}

    def mask(self, area_id: int, residence: str) -> int:
        key = (area_id, residence)
        if key not in self._masks:
            kinds = self.kinds.get(area_id, [])
            self._masks[key] = eligibility.entitlement_mask(
                self.cycle, residence, kinds
            )
        return self._masks[key]


class RowParser:
    """Parses rows into staged tuples (see voters_sql.STAGE_COLUMNS for the order).

    A million rows repeat a few thousand dates, genders, residences and areas, and
    many names, addresses and occupations, so each of those is parsed once per
    distinct cell value and remembered; a remembered text replays what its reading
    taught `LegacyText` (see `text`), so later decisions are the same as if it had
    been read again. bench/voters_parse_bench.py times this per row.
    """

    def __init__(self, areas: AreaBook, positions: dict[str, int], problems):
        self.areas = areas
        self.keys = list(positions)
        self.pick = itemgetter(*positions.values())
        self.width = max(positions.values()) + 1
        # Every cell `parse` reads, in ROW_KEYS order; a column the file lacks
        # reads the None appended after the row's last column.
        missing = [key for key in ROW_KEYS if key not in positions]
        order = self.keys + missing
        self.need = self.width + (1 if missing else 0)
        self.cells = itemgetter(*positions.values(), *[self.width] * len(missing))
        where = [order.index(key) for key in ROW_KEYS]
        self.texts_in_order = itemgetter(*where[: len(TEXT_LIMITS)])
        self.others_in_order = itemgetter(*where[len(TEXT_LIMITS) :])
        self.problems = problems
        self.legacy = LegacyText()
        self.election_date = areas.election.election_date
        self.cutoff = eligibility.age_cutoff(self.election_date)
        self.areas_without_contests: dict[int, VotingArea] = {}
        self._cache: dict[str, dict] = defaultdict(dict)
        self._texts = {key: {} for key in TEXT_LIMITS}  # raw -> (text, evidence)
        self._text_caches = list(self._texts.values())
        # The caches of `lookup`, each bound once.
        self._genders = self._cache["gender"]
        self._births = self._cache["birth_date"]
        self._residences = self._cache["residence"]
        self._places = self._cache["area_number"]
        self._sinces = self._cache["temporary_since"]
        self._words: dict[str, str] = {}
        self._folds: dict[str, str] = {}
        self._masks: dict[tuple[int, str], int] = {}
        self._row = 0
        self._bad = False

    def values(self, row: list) -> dict[str, Any]:
        if len(row) < self.width:
            row = list(row) + [None] * (self.width - len(row))
        picked = self.pick(row)
        return dict(
            zip(self.keys, picked if len(self.keys) > 1 else [picked], strict=True)
        )

    def prime(self, row: list) -> None:
        for value in self.values(row).values():
            if isinstance(value, str):
                self.legacy.prime(clean_text(value))

    def error(self, column: str | None, message: str) -> None:
        self._bad = True
        self.problems.error(self._row, column, message)

    def parse(self, number: int, row: list) -> tuple | None:
        """The staged tuple; None for a blank row or one whose ID is unusable.

        The cells are checked in the order of ROW_KEYS (the problems of a row are
        listed in that order), each through its cache when its value was met before.
        """
        if len(row) < self.need:
            row = [*row, *[None] * (self.need - len(row))]
        picked = self.cells(row)
        for value in picked:
            if value is not None and (not isinstance(value, str) or value.strip()):
                break
        else:
            return None  # a blank row
        self._row, self._bad = number, False
        texts, unicode_seen = [], 0
        raw_texts = self.texts_in_order(picked)
        pairs = zip(raw_texts, self._text_caches, TEXT_LIMITS, strict=True)
        for raw, cache, key in pairs:
            found = cache.get(raw)
            if found is None or (
                found[1] == 2 and not self.legacy.unicode_leads(unicode_seen)
            ):
                if unicode_seen:  # what the reading of this one may consult
                    self.legacy.evidence[UNICODE] += unicode_seen
                    unicode_seen = 0
                texts.append(self.text(raw, key))
            else:
                texts.append(found[0])
                if found[1] == 1:
                    unicode_seen += 1
        if unicode_seen:
            self.legacy.evidence[UNICODE] += unicode_seen
        name, ethnicity, job, home, away, household, note = texts
        others = self.others_in_order(picked)
        raw_gender, raw_born, raw_id, raw_residence, code, area, since = others
        found = self._genders.get(raw_gender)
        if found is None:
            gender = self.lookup(raw_gender, "gender", self._gender)
        else:
            gender, problem = found
            if problem:
                self.error(*problem)
        found = self._births.get(raw_born)
        if found is None:
            born = self.lookup(raw_born, "birth_date", self._born)
        else:
            born, problem = found
            if problem:
                self.error(*problem)
        born, precision = born or (None, "d")
        if isinstance(raw_id, str) and len(raw_id) == 12 and raw_id.isdigit():
            citizen_id = raw_id  # the common case, fast
        else:
            citizen_id = self.citizen_id(raw_id, born, gender)
        found = self._residences.get(raw_residence)
        if found is None:
            residence = self.lookup(raw_residence, "residence", self._residence)
        else:
            residence, problem = found
            if problem:
                self.error(*problem)
        place = (code, area)
        found = self._places.get(place)
        if found is None:
            area = self.lookup(place, "area_number", self._area)
        else:
            area, problem = found
            if problem:
                self.error(*problem)
        if since is None or since == "":
            pass  # optional, and mostly left out
        elif (found := self._sinces.get(since)) is None:
            since = self.lookup(since, "temporary_since", self._date, False)
        else:
            since, problem = found
            if problem:
                self.error(*problem)
        if citizen_id is None:
            return None
        mask = area_id = commune_id = None
        if area is not None:
            area, area_id, commune_id = area
            if residence is not None:
                mask = self._masks.get((area_id, residence))
                if mask is None:
                    mask = self.mask(area, residence)
        folded = self._folds.get(name)
        if folded is None:
            folded = self.fold(name)
        return (
            number,
            citizen_id,
            name,
            folded,
            born,
            precision,
            gender,
            ethnicity,
            job,
            home,
            away,
            since or None,
            residence,
            area_id,
            commune_id,
            household,
            household or f"#{number}",
            note,
            mask,
            self._bad,
        )

    def mask(self, area: VotingArea, residence: str) -> int:
        mask = self.areas.mask(area.id, residence)
        if mask == 0 and not self.areas.kinds.get(area.id):
            self.areas_without_contests.setdefault(area.id, area)
        self._masks[(area.id, residence)] = mask
        return mask

    def text(self, raw, key: str) -> str:
        """A text cell, checked; remembered (per column) when it raised no problem
        and its reading needed no decision, with whether that reading counted as
        Unicode evidence (`LegacyText.plain`), which `parse` replays."""
        if raw is None or raw == "":
            value = ""
        elif isinstance(raw, str):
            value = tidy(raw)
        else:
            value = cells.text(raw)
        if not value:
            if key == "full_name":
                self.error(key, "Chưa ghi họ và tên (bắt buộc).")
                return ""
            if isinstance(raw, str) or raw is None:
                self._remember(key, raw, "", 0)
            return ""
        evidence = self.legacy.plain(value)
        if evidence is None:
            try:
                value = self.legacy.repair(value)
            except LegacyTextError as exc:
                self.error(key, str(exc))
                return ""
        if len(value) > TEXT_LIMITS[key]:
            self.error(key, f"Dài quá {TEXT_LIMITS[key]} ký tự.")
            return value[: TEXT_LIMITS[key]]
        if value[0] in "=+-@" and cells.formula_like(value):
            if key in cells.PERSON_NAMES:
                self.error(key, cells.FORMULA_NAME)
                return value
            if key in cells.PLACE_TEXTS:
                self.problems.warn(self._row, key, cells.FORMULA_PLACE)
                return value
        if evidence is not None and isinstance(raw, str):
            self._remember(key, raw, value, evidence)
        return value

    def _remember(self, key: str, raw, value: str, evidence: int) -> None:
        cache = self._texts[key]
        if len(cache) >= TEXT_CACHE_SIZE:
            cache.clear()  # bounded, and keeps what the rows around use
        cache[raw] = (value, evidence)

    def fold(self, name: str) -> str:
        """The search key, folded word by word (names repeat their words a lot)."""
        folded_name = self._folds.get(name)
        if folded_name is not None:
            return folded_name
        words = []
        for word in name.split(" "):
            folded = self._words.get(word)
            if folded is None:
                folded = fold(word)
                if len(self._words) < CACHE_SIZE:
                    self._words[word] = folded
            words.append(folded)
        folded_name = " ".join(words)
        if len(self._folds) >= TEXT_CACHE_SIZE:
            self._folds.clear()
        self._folds[name] = folded_name
        return folded_name

    def lookup(self, raw, key: str, parse, required: bool = True):
        """The parsed cell, remembered per distinct raw value; None on a problem."""
        cache = self._cache[key]
        found = cache.get(raw)
        if found is None:
            if key != "area_number" and _blank(raw):
                if required:
                    self.error(key, f"Chưa ghi {LABELS[key]} (bắt buộc).")
                return None
            found = parse(raw)
            if len(cache) < CACHE_SIZE:
                cache[raw] = found
        value, problem = found
        if problem:
            self.error(*problem)
        return value

    def _repaired(self, raw):
        return self.legacy.repair(tidy(raw)) if isinstance(raw, str) else raw

    def _gender(self, raw) -> tuple:
        try:
            return cells.gender(self._repaired(raw)), None
        except (CellError, LegacyTextError) as exc:
            return None, ("gender", str(exc))

    def _residence(self, raw) -> tuple:
        try:
            return cells.choice(self._repaired(raw), RESIDENCE), None
        except (CellError, LegacyTextError) as exc:
            return None, ("residence", str(exc))

    def _date(self, raw) -> tuple:
        try:
            return cells.date(raw), None
        except CellError as exc:
            return None, ("temporary_since", str(exc))

    def _born(self, raw) -> tuple:
        try:
            born, precision = birth_date(raw)
        except CellError as exc:
            return None, ("birth_date", str(exc))
        # The rule of law is the voters stage's (eligibility.py).
        problem = eligibility.birth_date_problem(born, self.election_date, self.cutoff)
        return (born, precision), ("birth_date", problem) if problem else None

    def citizen_id(self, raw, born, gender) -> str | None:
        if isinstance(raw, str) and len(raw) == 12 and raw.isdigit():
            return raw  # the common case, fast
        if _blank(raw):
            self.error("citizen_id", "Chưa ghi số định danh cá nhân (bắt buộc).")
            return None
        try:
            digits = cells.digits(raw)
        except CellError as exc:
            self.error("citizen_id", str(exc))
            return None
        if len(digits) == 12:
            return digits
        restored = identity.restore_leading_zeros(digits, born, gender)
        if restored:
            self.problems.warn(
                self._row,
                "citizen_id",
                f"Số '{digits}' bị mất số 0 ở đầu (ô kiểu số); đã ghi lại thành "
                f"{restored} vì khớp năm sinh và giới tính. Hãy định dạng cột là văn "
                "bản.",
            )
            return restored
        self.error(
            "citizen_id",
            f"Số định danh '{digits}' phải gồm đúng 12 chữ số (ô kiểu số làm mất số 0 "
            "ở đầu? hãy định dạng cột là văn bản và ghi đủ 12 số).",
        )
        return None

    def _area(self, raw: tuple) -> tuple:
        raw_code, raw_number = raw
        if _blank(raw_code):
            return None, ("commune_code", "Chưa ghi mã xã/phường (bắt buộc).")
        if _blank(raw_number):
            return None, ("area_number", "Chưa ghi số khu vực bỏ phiếu (bắt buộc).")
        try:
            code = cells.code(raw_code, [5], self.areas.communes)
        except CellError as exc:
            return None, ("commune_code", str(exc))
        try:
            number = cells.integer(raw_number, minimum=1)
        except CellError as exc:
            return None, ("area_number", str(exc))
        election = self.areas.election.code
        if code not in self.areas.communes:
            return None, (
                "commune_code",
                f"Xã/phường mã {code} không có khu vực bỏ phiếu nào trong cuộc bầu cử "
                f"{election}.",
            )
        area = self.areas.by_key.get((code, number))
        if area is None:
            return None, (
                "area_number",
                f"Không có khu vực bỏ phiếu {code}/{number} trong cuộc bầu cử "
                f"{election}.",
            )
        if self.areas.allowed is not None and area.pk not in self.areas.allowed:
            column = (
                "area_number" if code in self.areas.allowed_communes else "commune_code"
            )
            return None, (
                column,
                f"Khu vực bỏ phiếu {code}/{number} nằm ngoài phạm vi bạn được giao "
                "quản lý: không được nhập cử tri của khu vực này.",
            )
        return (area, area.id, area.commune_id), None
