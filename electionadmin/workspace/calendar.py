"""The election's calendar, from its date and its cycle's deadlines (days relative to
election day, setup/cycle_defaults.py): which stage is open on a given day."""

import datetime
from dataclasses import dataclass

# Complaints about the list: within 30 days of posting (Law on Elections, art. 33).
COMPLAINT_DAYS = 30

PAST, OPEN, AHEAD = "past", "open", "ahead"
STATE_NAMES = {PAST: "Đã qua", OPEN: "Đang diễn ra", AHEAD: "Sắp tới"}


@dataclass
class Stage:
    key: str
    name: str
    start: datetime.date
    end: datetime.date
    state: str = AHEAD

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]


def stages(election, today: datetime.date) -> list[Stage]:
    day = election.election_date
    deadlines = election.cycle.deadlines or {}

    def at(key: str, default: int) -> datetime.date:
        return day + datetime.timedelta(days=int(deadlines.get(key, default)))

    posted = election.list_posting_date
    eve = day - datetime.timedelta(days=1)
    minutes = max(at("team_minutes_sent", 3), at("board_minutes_sent", 5))
    announced = max(at("hdnd_results_announced", 10), at("na_results_announced", 20))
    found = [
        Stage("posting", "Niêm yết danh sách cử tri", posted, eve),
        Stage(
            "complaints",
            "Khiếu nại về danh sách cử tri",
            posted,
            min(posted + datetime.timedelta(days=COMPLAINT_DAYS), eve),
        ),
        Stage("day", "Ngày bầu cử", day, day),
        Stage("counting", "Kiểm phiếu và gửi biên bản", day, minutes),
        Stage("results", "Xác nhận và công bố kết quả", day, announced),
    ]
    for stage in found:
        if today > stage.end:
            stage.state = PAST
        elif today >= stage.start:
            stage.state = OPEN
    return found
