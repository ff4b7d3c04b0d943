"""Voter cards: `render_cards` against a plain ReportLab drawing of the same cards.

Usage (a throw-away database of its own; it is migrated and filled):

    DATABASE_URL=sqlite:////tmp/voter_cards_bench.sqlite3 DEBUG=False \\
        .venv/bin/python bench/voter_cards_bench.py [--cards 20000] [--repeat 3]

In one run: (a) the baseline, a minimal canvas drawing of the same strings (every
card's texts drawn with `drawString`, four cards to an A4 page, same embedded font,
same page compression), from rows already in memory; (b) `render_cards`, the real
path, reading the entries from the database as it draws. Medians of --repeat runs,
as cards/s and the ratio (b)/(a); the target is at least 0.5.
"""

import argparse
import os
import secrets
import statistics
import sys
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # DEBUG off needs one
import print_setup  # noqa: E402
from print_setup import timed  # noqa: E402

CODE = "CARDS-BENCH"
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung",
         "Hoàng Văn Em", "Võ Thị Giang", "Đặng Quốc Huy",
         "Bùi Thị Ánh Tuyết"]  # fmt: skip
STREETS = ["Lê Lợi", "Nguyễn Huệ", "Hai Bà Trưng", "Điện Biên Phủ", "Pasteur"]


def setup(cards: int):
    print_setup.migrated()
    return build(cards)


def build(cards: int):
    from electionadmin.setup.models import VotingArea

    election, ward = print_setup.election_in_ward(CODE)
    per_area = 2000
    areas = [
        VotingArea.objects.create(
            election=election, commune=ward, number=n, polling_place=f"Trường số {n}"
        )
        for n in range(1, cards // per_area + 2)
    ]
    print_setup.plain_voters(election, ward, areas, cards, per_area, NAMES, STREETS)
    return election, [a for a in areas if a.voter_entries.exists()]


def baseline(rows: list[dict], areas: dict) -> None:
    """The same strings, drawn plainly: one `drawString` each."""
    from electionadmin.voters.printing import cards as c

    canvas, fonts = print_setup.plain_canvas((c.PAGE_W, c.PAGE_H))
    static = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
              "THẺ CỬ TRI", "Bầu cử đại biểu Quốc hội khóa XVI và HĐND các cấp",
              "Họ và tên:", "Ngày, tháng, năm sinh:", "Giới tính:", "Nơi cư trú:",
              "SỐ THẺ CỬ TRI:", "KHU VỰC BỎ PHIẾU SỐ:", "TM. ỦY BAN NHÂN DÂN",
              "CHỦ TỊCH", "Mẫu số 10/HĐBC"]  # fmt: skip
    for i, row in enumerate(rows):
        if i and i % 4 == 0:
            canvas.showPage()
        x, y = c.SLOTS[i % 4]
        area = areas[row["voting_area_id"]]
        texts = static + [
            "ỦY BAN NHÂN DÂN", area.commune.name.upper(), str(area.number),
            area.commune.name, area.polling_place, "Chủ nhật, ngày 15/03/2026",
            "Từ 07:00 đến 19:00", row["full_name"].upper(), c.birth_text(row),
            c.GENDERS[row["gender"]], row["permanent_address"], str(row["list_number"]),
        ]  # fmt: skip
        canvas.setFont(fonts["regular"], 8)
        for n, text in enumerate(texts):
            canvas.drawString(x + 20, y + 280 - n * 11, text)
    canvas.save()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    election, areas = setup(args.cards)
    from electionadmin.voters.printing import cards

    rows = list(cards.entries(areas))
    by_id = {a.pk: a for a in areas}
    base, real = [], []
    for _ in range(args.repeat):
        base.append(timed(lambda: baseline(rows, by_id)))
        real.append(timed(lambda: cards.render_cards(BytesIO(), election, areas)))
    b, r = statistics.median(base), statistics.median(real)
    n = len(rows)
    print(f"cards: {n}, runs: {args.repeat}")
    print(f"baseline (plain canvas, rows in memory): {b:.2f} s, {n / b:,.0f} cards/s")
    print(f"render_cards (from the database):       {r:.2f} s, {n / r:,.0f} cards/s")
    print(f"ratio (render_cards speed / baseline speed): {b / r:.2f}")


if __name__ == "__main__":
    main()
