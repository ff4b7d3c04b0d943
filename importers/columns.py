"""The one registry of the exchange formats' sheets, columns and Vietnamese headers.

Every file format of docs/EXCHANGE.md is described here and nowhere else: which
sheets it has, which columns each sheet holds and requires, and the Vietnamese header
shown on templates and exports and accepted on import. Readers (`workbook.py`,
`voters_read.py`), templates (`templates.py`), the admin's per-model sheets
(`widgets.py`, `resources.py`) and the problem lists (`problems.py`) read these
tables; nobody adds to them at run time.

- `HEADERS`: column key -> the one Vietnamese header, for every workbook format
  (set-up §1, turnout §3, counting minutes §4, the admin's per-model sheets). A key
  means the same column in every format that has it. A sheet accepts only the headers
  of its own columns (`workbook.header_aliases`).
- `EXTRA_HEADERS`: more spellings seen on official lists, accepted, never exported.
- `VOTER_HEADERS`: the voter list's (§2) headers, first the template's, then the other
  spellings accepted; its columns keep their own labels (the list's `occupation` is
  "Nghề nghiệp", a candidate's "Nghề nghiệp, chức vụ").
- Sheets: each `SheetSpec` has its English name (docs/EXCHANGE.md, the CSV file
  name) and a Vietnamese `title`, the sheet name the templates write (at most 31
  characters, as Excel allows) and the screens show; on import either is accepted
  (`sheet_names`, `workbook.read_workbook`), in any case or NFC/NFD.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SheetSpec:
    name: str  # the English name of docs/EXCHANGE.md (and of a CSV file)
    columns: tuple[str, ...]
    required: frozenset[str]
    optional: bool = False  # the whole sheet may be left out
    title: str = ""  # the Vietnamese sheet name: templates write it, imports accept it

    @property
    def label(self) -> str:
        """What a person reads: the Vietnamese title (the name when it has none)."""
        return self.title or self.name


def spec(
    name: str, columns: str, required: str, optional: bool = False, title: str = ""
):
    return SheetSpec(
        name, tuple(columns.split()), frozenset(required.split()), optional, title
    )


def sheet_names(sheet: SheetSpec) -> tuple[str, ...]:
    """Every name a sheet (or CSV file) of this spec may carry on import."""
    return (sheet.name, sheet.title) if sheet.title else (sheet.name,)


# Column key -> the Vietnamese header the exported templates show.
HEADERS: dict[str, str] = {
    # The set-up workbook (§1).
    "code": "Mã",
    "name": "Tên",
    "election_date": "Ngày bầu cử",
    "cycle": "Chu kỳ bầu cử",
    "province_code": "Mã tỉnh/thành phố",
    "polls_open": "Giờ bắt đầu bỏ phiếu",
    "polls_close": "Giờ kết thúc bỏ phiếu",
    "turnout_slots": "Các mốc báo cáo tiến độ",
    "level": "Cấp hành chính",
    "parent_code": "Mã đơn vị cấp trên",
    "has_council": "Có HĐND",
    "kind": "Loại cuộc bầu cử",
    "council_unit_code": "Mã đơn vị có HĐND",
    "total_seats": "Tổng số đại biểu được bầu",
    "number": "Đơn vị bầu cử số",
    "seats": "Số đại biểu được bầu",
    "covers": "Địa bàn (mã đơn vị hành chính, khu vực bỏ phiếu)",
    "shortfall_decision": "Quyết định cho phép thiếu số dư",
    "commune_code": "Mã xã/phường",
    "area_number": "Khu vực bỏ phiếu số",
    "polling_place": "Địa điểm bỏ phiếu",
    "area_type": "Loại khu vực",
    "voting_date": "Ngày bỏ phiếu sớm",
    "unit_number": "Thuộc đơn vị bầu cử số",
    "full_name": "Họ và tên",
    "birth_date": "Ngày tháng năm sinh",
    "gender": "Giới tính",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "hometown": "Quê quán",
    "residence": "Nơi ở hiện nay",
    "occupation": "Nghề nghiệp, chức vụ",
    "workplace": "Nơi công tác",
    "education": "Trình độ",
    "party_join_date": "Ngày vào Đảng",
    "is_incumbent_na": "Là đại biểu QH",
    "is_incumbent_council": "Là đại biểu HĐND",
    "ballot_order": "Thứ tự trên phiếu bầu",
    "body": "Tổ chức phụ trách bầu cử",
    "role": "Chức vụ",
    "phone": "Điện thoại",
    # The admin's per-model sheets add these (docs/EXCHANGE.md §1 allows new
    # columns).
    "election": "Mã cuộc bầu cử",
    "unit_set": "Mã danh mục đơn vị hành chính",
    "position": "Thứ tự",
    # Turnout (§3).
    "slot": "Mốc báo cáo",
    "voters_voted": "Số cử tri đã tham gia bỏ phiếu",
    # Counting minutes (§4), as on the Tổ minutes (docs/DOMAIN.md §6.2).
    "voters_on_list": "Tổng số cử tri",
    "ballots_issued": "Số phiếu phát ra",
    "ballots_received": "Số phiếu thu vào",
    "valid": "Số phiếu hợp lệ",
    "invalid": "Số phiếu không hợp lệ",
    "candidate": "Người ứng cử",
    "votes": "Số phiếu bầu",
    "round": "Lần bầu cử",
    "complaints": "Khiếu nại, tố cáo",
    "explanation": "Giải trình",
}
# More spellings seen on official lists, accepted on import but never exported.
EXTRA_HEADERS: dict[str, tuple[str, ...]] = {
    "birth_date": ("Ngày sinh",),
    "ballot_order": ("STT", "Số thứ tự"),
    "unit_number": ("Đơn vị bầu cử số",),
    "is_incumbent_na": ("Là đại biểu Quốc hội",),
    "slot": ("Thời điểm", "Giờ"),
    "voters_voted": ("Số cử tri đã bỏ phiếu",),
}


def header(key: str) -> str:
    """The Vietnamese column header of a key (the key itself when it has none)."""
    return HEADERS.get(key, key)


def aliases(key: str) -> tuple[str, ...]:
    """Every heading accepted for the key on import: key, header, other spellings."""
    return (key, header(key), *EXTRA_HEADERS.get(key, ()))


# The set-up workbook (§1).
ELECTION_SHEETS: tuple[SheetSpec, ...] = (
    spec(
        "election",
        "code name election_date cycle province_code polls_open polls_close "
        "turnout_slots",
        "code name election_date cycle",
        title="Cuộc bầu cử",
    ),
    spec(
        "units",
        "code name level parent_code has_council",
        "code name level",
        title="Đơn vị hành chính",
    ),
    spec(
        "contests",
        "kind council_unit_code name total_seats",
        "kind",
        title="Cuộc bầu cử theo cấp",
    ),
    spec(
        "electoral_units",
        "kind council_unit_code number seats covers name shortfall_decision",
        "kind number seats covers",
        title="Đơn vị bầu cử",
    ),
    spec(
        "voting_areas",
        "commune_code area_number name polling_place area_type voting_date",
        "commune_code area_number",
        title="Khu vực bỏ phiếu",
    ),
    spec(
        "candidates",
        "kind council_unit_code unit_number full_name birth_date gender ethnicity "
        "religion hometown residence occupation workplace education "
        "party_join_date is_incumbent_na is_incumbent_council ballot_order",
        "kind unit_number full_name birth_date gender",
        title="Người ứng cử",
    ),
    spec(
        "members",
        "body full_name role phone position",
        "body full_name role",
        True,
        title="Thành viên tổ chức bầu cử",
    ),
)
# Sheet name -> what the screens call it (problems, counts).
SHEET_TITLES: dict[str, str] = {sheet.name: sheet.label for sheet in ELECTION_SHEETS}
# The other formats' sheets, as their problem lists name them.
SHEET_TITLES |= {
    "voters": "Danh sách cử tri",
    "turnout": "Tiến độ bỏ phiếu",
    "tallies": "Biên bản kiểm phiếu",
    "tally_votes": "Số phiếu bầu từng người",
}


def sheet_label(name: str | None) -> str:
    """A sheet as a person reads it: `Đơn vị bầu cử` for `electoral_units`."""
    return SHEET_TITLES.get(name or "", name or "")


# The admin's per-model sheets: one sheet of the set-up workbook, for an election
# that exists, named on every row (`election`; the administrative units: their set,
# `unit_set`). Imported by the set-up importer restricted to that sheet
# (`election.sheet.SheetImporter`), exported with these columns (`resources.py`).
ADMIN_SHEETS: dict[str, SheetSpec] = {
    sheet.name: spec(
        sheet.name,
        f"{'unit_set' if sheet.name == 'units' else 'election'} "
        + " ".join(sheet.columns),
        f"{'unit_set' if sheet.name == 'units' else 'election'} "
        + " ".join(sheet.required),
        title=sheet.title,
    )
    for sheet in ELECTION_SHEETS
    if sheet.name not in ("election", "contests")
}

# Turnout (§3).
TURNOUT_SHEETS = (
    spec(
        "turnout",
        "commune_code area_number slot voters_voted kind council_unit_code round",
        "commune_code area_number slot voters_voted",
    ),
)

# Counting minutes (§4).
_WHERE = "kind council_unit_code commune_code area_number round"
TALLY_SHEETS = (
    spec(
        "tallies",
        f"{_WHERE} voters_on_list voters_voted ballots_issued ballots_received "
        "valid invalid complaints explanation",
        "kind commune_code area_number voters_on_list voters_voted ballots_issued "
        "ballots_received valid invalid",
    ),
    spec(
        "tally_votes",
        f"{_WHERE} candidate votes",
        "kind commune_code area_number candidate votes",
    ),
)

# The voter list (§2): one sheet, streamed (voters_read.py).
VOTER_SHEET = "voters"
VOTER_COLUMNS = [
    "citizen_id",
    "full_name",
    "birth_date",
    "gender",
    "ethnicity",
    "occupation",
    "permanent_address",
    "temporary_address",
    "temporary_since",
    "residence",
    "commune_code",
    "area_number",
    "household",
    "note",
]
VOTER_REQUIRED = frozenset(
    [
        "citizen_id",
        "full_name",
        "birth_date",
        "gender",
        "residence",
        "commune_code",
        "area_number",
    ]
)
VOTER_HEADERS = {
    "citizen_id": ("Số định danh cá nhân", "Số CCCD", "CCCD", "Số căn cước công dân"),
    "full_name": ("Họ và tên", "Họ tên"),
    "birth_date": ("Ngày tháng năm sinh", "Ngày sinh", "Năm sinh"),
    "gender": ("Giới tính",),
    "ethnicity": ("Dân tộc",),
    "occupation": ("Nghề nghiệp",),
    "permanent_address": ("Nơi thường trú", "Thường trú", "Nơi cư trú - Thường trú"),
    "temporary_address": ("Nơi tạm trú", "Tạm trú", "Nơi cư trú - Tạm trú"),
    "temporary_since": ("Tạm trú từ ngày", "Ngày đăng ký tạm trú"),
    "residence": ("Diện cư trú", "Loại cư trú"),
    "commune_code": ("Mã xã/phường", "Mã xã"),
    "area_number": ("Khu vực bỏ phiếu số", "Khu vực bỏ phiếu", "KVBP"),
    "household": ("Hộ gia đình", "Mã hộ", "Số hộ"),
    "note": ("Ghi chú",),
}
