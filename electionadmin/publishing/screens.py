"""The app's screens a guide can explain, by name, and which URLs belong to each.

A guide page picks one screen (`GuidePage.screen`); every admin screen finds the
published guides for the screen it is (`guides_for_request`) and links them
("Hướng dẫn", templates/admin/base_site.html). A screen is a set of URL names; a
name ending in `*` covers every URL name that starts with what precedes it (the
Django admin's list, add and change pages of one model).
"""

from fnmatch import fnmatchcase

SCREENS: dict[str, tuple[str, tuple[str, ...]]] = {
    "admin_home": ("Trang chính quản trị dữ liệu bầu cử", ("admin:index",)),
    "election_import": (
        "Nhập bảng tính thiết lập cuộc bầu cử",
        ("importers:election", "admin:setup_election_*"),
    ),
    "voting_areas": (
        "Khu vực bỏ phiếu",
        ("admin:setup_votingarea_*", "voters:area_list_size"),
    ),
    "electoral_units": ("Đơn vị bầu cử", ("admin:setup_electoralunit_*",)),
    "candidates": ("Người ứng cử", ("admin:setup_candidate_*",)),
    "bodies": (
        "Tổ chức phụ trách bầu cử và thành viên",
        ("admin:setup_electionbody_*", "admin:setup_bodymember_*"),
    ),
    "voters_import": ("Nhập danh sách cử tri", ("importers:voters",)),
    "voter_list": ("Danh sách cử tri", ("admin:voters_voterentry_*",)),
    "voter_changes": (
        "Biến động cử tri: xóa tên, chuyển khu vực, bổ sung, giấy chứng nhận",
        (
            "voters:entry_remove",
            "voters:entry_transfer",
            "voters:entry_certificate",
            "voters:area_add",
            "voters:area_receive",
            "admin:voters_voterchange_*",
        ),
    ),
    "voter_change_report": ("Báo cáo biến động cử tri", ("voters:change_report",)),
    "voter_printing": (
        "In thẻ cử tri và danh sách cử tri",
        ("voters:commune_print", "voters:job"),
    ),
    "turnout_dashboard": (
        "Tiến độ cử tri đi bỏ phiếu và kiểm phiếu",
        ("polling:index", "polling:dashboard"),
    ),
    "turnout_entry": (
        "Nhập số cử tri đi bỏ phiếu",
        ("polling:commune_entry", "polling:area_entry", "polling:upload"),
    ),
    "counting_minutes": (
        "Nhập biên bản kết quả kiểm phiếu",
        (
            "results:entry_list",
            "results:record",
            "results:entry",
            "results:mismatch",
            "admin:results_countingrecord_*",
        ),
    ),
    "board_results": ("Màn hình Ban bầu cử", ("results:board",)),
    "committee_results": (
        "Màn hình Ủy ban bầu cử: xác nhận kết quả",
        ("results:committee", "results:certify"),
    ),
    "form_printing": (
        "In biểu mẫu",
        ("results:print", "results:batch", "results:print_job"),
    ),
    "form_verify": ("Xác thực biểu mẫu", ("results:verify",)),
}
CHOICES = [(key, label) for key, (label, _) in SCREENS.items()]


def screen_of(view_name: str | None) -> str | None:
    """The screen a resolved URL name belongs to, or None."""
    if not view_name:
        return None
    for key, (_, names) in SCREENS.items():
        if any(fnmatchcase(view_name, name) for name in names):
            return key
    return None
