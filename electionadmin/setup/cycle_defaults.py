"""The rules each cycle starts with (docs/DOMAIN.md §0, §1.2, §2, §4.2, §8.1, §10).

A data migration loads these once; afterwards administrators edit them as data.
Items docs/DOMAIN.md marks unconfirmed are here as data so they can be corrected
without code.
"""

_HDND_SURPLUS = {"1": 1, "2": 1, "3": 2, "4": 3, "5": 3, "default": 3}
_FORM_TITLES = {
    "VOTER_CARD": "Thẻ cử tri",
    "VOTER_LIST": "Danh sách cử tri",
    "VOTE_ELSEWHERE_CERT": "Giấy chứng nhận cử tri tham gia bỏ phiếu ở nơi khác",
    "BALLOT_INVENTORY": "Biên bản kiểm kê việc sử dụng phiếu bầu",
    "TEAM_COUNT_QH": "Biên bản kết quả kiểm phiếu bầu cử đại biểu Quốc hội "
    "tại khu vực bỏ phiếu",
    "BOARD_RESULT_QH": "Biên bản xác định kết quả bầu cử đại biểu Quốc hội "
    "ở đơn vị bầu cử",
    "COMMITTEE_RESULT_QH": "Biên bản xác định kết quả bầu cử đại biểu Quốc hội "
    "ở tỉnh, thành phố trực thuộc trung ương",
    "TEAM_COUNT_HDND": "Biên bản kết quả kiểm phiếu bầu cử đại biểu Hội đồng nhân dân "
    "tại khu vực bỏ phiếu",
    "BOARD_RESULT_HDND": "Biên bản xác định kết quả bầu cử đại biểu Hội đồng nhân dân "
    "ở đơn vị bầu cử",
    "COMMITTEE_SUMMARY_HDND": "Biên bản tổng kết cuộc bầu cử đại biểu "
    "Hội đồng nhân dân",
    "WINNERS_LIST": "Danh sách những người trúng cử",
    "TURNOUT_REPORT": "Báo cáo tiến độ cử tri đi bỏ phiếu",
    "COUNT_PROGRESS_REPORT": "Báo cáo tiến độ kiểm phiếu",
    "VOTER_CHANGES_REPORT": "Báo cáo biến động cử tri",
}


def _forms(numbers: dict[str, str]) -> dict:
    return {
        key: {"number": numbers.get(key, ""), "title": title}
        for key, title in _FORM_TITLES.items()
    }


CYCLES = [
    {
        "code": "2021",
        "name": "Bầu cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp "
        "nhiệm kỳ 2021-2026",
        "na_term": "khóa XV",
        "council_term": "nhiệm kỳ 2021-2026",
        "legal_basis": "Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân "
        "số 85/2015/QH13; Thông tư 01/2021/TT-BNV",
        "forms_resolution": "Nghị quyết số 41/NQ-HĐBCQG ngày 18/01/2021",
        "admin_levels": ["province", "district", "commune"],
        "contest_kinds": ["QH", "HDND_TINH", "HDND_HUYEN", "HDND_XA"],
        "max_seats": {"QH": 3, "HDND": 5},
        "candidate_surplus": {"QH": {"default": 2}, "HDND": _HDND_SURPLUS},
        "entitlements": {
            "permanent": ["QH", "HDND_TINH", "HDND_HUYEN", "HDND_XA"],
            "temporary_12m_plus": ["QH", "HDND_TINH", "HDND_HUYEN", "HDND_XA"],
            "temporary_under_12m": ["QH", "HDND_TINH", "HDND_HUYEN"],
            "armed_forces": ["QH", "HDND_TINH", "HDND_HUYEN", "HDND_XA"],
            "detained": ["QH", "HDND_TINH"],
            "other": ["QH", "HDND_TINH", "HDND_HUYEN"],
        },
        "turnout_slots": ["09:00", "11:00", "15:00", "19:00"],
        "body_sizes": {
            "committee:province": [21, 31],
            "committee:district": [11, 15],
            "committee:commune": [9, 11],
            "board:QH": [9, 15],
            "board:HDND_TINH": [11, 13],
            "board:HDND_HUYEN": [9, 11],
            "board:HDND_XA": [7, 9],
            "team:normal": [11, 21],
            "team:armed_forces": [5, 9],
        },
        "deadlines": {
            "committees_formed": -105,
            "units_announced": -80,
            "boards_formed": -70,
            "candidacy_files": -70,
            "teams_formed": -50,
            "voter_list_posted": -40,
            "team_minutes_sent": 3,
            "board_minutes_sent": 5,
            "committee_na_minutes": 7,
            "hdnd_results_announced": 10,
            "na_results_announced": 20,
            # Art. 79-80: re-election or supplementary election at the latest.
            "second_round_latest": 15,
        },
        "forms": _forms(
            {
                "VOTER_LIST": "Mẫu số 33/HĐBC",
                "BALLOT_INVENTORY": "Mẫu số 35/HĐBC",
                "TEAM_COUNT_QH": "Mẫu số 20/HĐBC-QH",
                "BOARD_RESULT_QH": "Mẫu số 21/HĐBC-QH",
                "COMMITTEE_RESULT_QH": "Mẫu số 22/HĐBC-QH",
                "TEAM_COUNT_HDND": "Mẫu số 25/HĐBC-HĐND",
                "BOARD_RESULT_HDND": "Mẫu số 26/HĐBC-HĐND",
                "COMMITTEE_SUMMARY_HDND": "Mẫu số 27/HĐBC-HĐND",
            }
        ),
    },
    {
        "code": "2026",
        "name": "Bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp "
        "nhiệm kỳ 2026-2031",
        "na_term": "khóa XVI",
        "council_term": "nhiệm kỳ 2026-2031",
        "legal_basis": "Luật Bầu cử số 85/2015/QH13, sửa đổi bởi Luật số 83/2025/QH15; "
        "Thông tư 21/2025/TT-BNV",
        "forms_resolution": "Nghị quyết số 40/NQ-HĐBCQG ngày 29/9/2025",
        "admin_levels": ["province", "commune"],
        "contest_kinds": ["QH", "HDND_TINH", "HDND_XA"],
        "max_seats": {"QH": 3, "HDND": 5},
        "candidate_surplus": {"QH": {"default": 2}, "HDND": _HDND_SURPLUS},
        "entitlements": {
            "permanent": ["QH", "HDND_TINH", "HDND_XA"],
            "temporary_12m_plus": ["QH", "HDND_TINH", "HDND_XA"],
            "temporary_under_12m": ["QH", "HDND_TINH"],
            "armed_forces": ["QH", "HDND_TINH", "HDND_XA"],
            "detained": ["QH", "HDND_TINH"],
            "other": ["QH", "HDND_TINH"],
        },
        "turnout_slots": ["09:00", "11:00", "15:00", "19:00"],
        "body_sizes": {
            "committee:province": [23, 37],
            "committee:commune": [9, 17],
            "board:QH": [9, 17],
            "board:HDND_TINH": [11, 15],
            "board:HDND_XA": [9, 15],
            "team:normal": [11, 21],
            "team:armed_forces": [5, 9],
        },
        "deadlines": {
            "committees_formed": -105,
            "units_announced": -80,
            "boards_formed": -70,
            "candidacy_files": -42,
            "teams_formed": -43,
            "voter_list_posted": -40,
            "team_minutes_sent": 3,
            "board_minutes_sent": 5,
            "hdnd_results_announced": 10,
            "na_results_announced": 10,
            # Art. 79-80 (2015 law; not re-checked for 2026, domain §13.7).
            "second_round_latest": 15,
        },
        "forms": _forms(
            {
                "VOTER_CARD": "Mẫu số 10/HĐBC",
                "VOTER_LIST": "Mẫu số 31/HĐBC",
                "BALLOT_INVENTORY": "Mẫu số 33/HĐBC",
                "TEAM_COUNT_QH": "Mẫu số 18/HĐBC-QH",
                "BOARD_RESULT_QH": "Mẫu số 19/HĐBC-QH",
                "COMMITTEE_RESULT_QH": "Mẫu số 20/HĐBC-QH",
                "TEAM_COUNT_HDND": "Mẫu số 23/HĐBC-HĐND",
                "BOARD_RESULT_HDND": "Mẫu số 24/HĐBC-HĐND",
                "COMMITTEE_SUMMARY_HDND": "Mẫu số 25/HĐBC-HĐND",
            }
        ),
    },
]

# The administrative structures in force for each cycle's election date.
UNIT_SETS = [
    {
        "code": "VN-2021",
        "name": "Danh mục hành chính 3 cấp (tỉnh, huyện, xã) áp dụng bầu cử 2021",
        "valid_from": "2021-01-01",
        "valid_to": "2025-06-30",
    },
    {
        "code": "VN-2025",
        "name": "Danh mục hành chính 2 cấp (tỉnh, xã) từ 01/7/2025",
        "valid_from": "2025-07-01",
        "valid_to": None,
    },
]
