"""The voter list (`print_voter_list`) against a plain ReportLab canvas drawing the
same rows, for 1,000 and 3,000 voters, and the voter cards against theirs.

Usage (a throw-away database of its own; it is migrated and filled):

    DATABASE_URL=sqlite:////tmp/voter_list_bench.sqlite3 DEBUG=False \\
        .venv/bin/python bench/voter_list_bench.py [--sizes 1000,3000] [--repeat 3]

In one run, for each size (one voting area of that many voters, households of
three, some temporary residents and notes):
(a) the baseline: a minimal canvas drawing of the same cells (one `drawString` per
    non-empty cell, 40 rows to an A4 landscape page, same embedded font, same page
    compression), from rows already in memory;
(b) the whole command, `call_command("print_voter_list", CODE, "--area", X, "-o",
    file)`: selection, query, layout, drawing, writing the file;
and the cards of the largest area: `render_cards` against voter_cards_bench's
baseline. Medians of --repeat runs; ratios (b)/(a): the list's target is at most 3,
the cards' at most 2; time per row should not grow with the rows.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from io import BytesIO, StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "False")
CODE = "LIST-BENCH"
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung",
         "Hoàng Văn Em", "Võ Thị Giang", "Đặng Quốc Huy",
         "Bùi Thị Ánh Tuyết"]  # fmt: skip
STREETS = ["Lê Lợi", "Nguyễn Huệ", "Hai Bà Trưng", "Điện Biên Phủ", "Pasteur",
           "Trần Quang Khải", "Nguyễn Đình Chiểu"]  # fmt: skip
JOBS = ["Công nhân", "Nội trợ", "Hưu trí", "Buôn bán", "Giáo viên", "Kỹ sư xây dựng",
        "Sinh viên", "Lao động tự do"]  # fmt: skip


def build(sizes: list[int]):
    from django.utils import timezone

    from electionadmin.setup.models import (
        AdminUnit,
        AdminUnitSet,
        Cycle,
        Election,
        VotingArea,
    )
    from electionadmin.text import fold
    from electionadmin.voters.models import VoterEntry

    Election.objects.filter(code=CODE).delete()
    day = datetime.date(2026, 3, 15)
    unit_set = AdminUnitSet.objects.in_force_on(day).get()
    city, _ = AdminUnit.objects.get_or_create(
        unit_set=unit_set, code="79",
        defaults={"name": "Thành phố Hồ Chí Minh", "level": "province"},
    )  # fmt: skip
    ward, _ = AdminUnit.objects.get_or_create(
        unit_set=unit_set, code="26734",
        defaults={"name": "Phường Tân Định", "level": "commune", "parent": city},
    )  # fmt: skip
    election = Election.objects.create(
        code=CODE, name="Bầu cử thử nghiệm", election_date=day, unit_set=unit_set,
        cycle=Cycle.objects.get(code="2026"), province=city,
    )  # fmt: skip
    now, areas, rows, k = timezone.now(), [], [], 0
    for number, size in enumerate(sizes, 1):
        area = VotingArea.objects.create(
            election=election, commune=ward, number=number,
            polling_place=f"Trường Tiểu học số {number}",
        )  # fmt: skip
        areas.append(area)
        for n in range(1, size + 1):
            k += 1
            name = NAMES[k % len(NAMES)]
            temporary = k % 7 == 0
            rows.append(
                VoterEntry(
                    election=election,
                    voting_area=area,
                    commune=ward,
                    list_number=n,
                    citizen_id=f"079{k:09d}",
                    full_name=name,
                    search_name=fold(name),
                    birth_date=datetime.date(1940 + k % 60, 1 + k % 12, 1 + k % 28),
                    birth_precision="d" if k % 11 else "y",
                    gender="MF"[k % 2],
                    ethnicity="Kinh",
                    occupation=JOBS[k % 8],
                    residence="temporary_12m_plus" if temporary else "permanent",
                    household=f"HK{number}-{(n - 1) // 3}",
                    contest_mask=15,
                    added_at=now,
                    permanent_address=f"{k % 300} {STREETS[k % 7]}, khu phố "
                    f"{k % 9 + 1}, Phường Tân Định, Thành phố Hồ Chí Minh",
                    temporary_address=f"{k % 90} Đinh Tiên Hoàng, Phường Đa Kao"
                    if temporary
                    else "",
                    note="Chuyển đến" if k % 53 == 0 else "",
                )  # fmt: skip
            )
    VoterEntry.objects.bulk_create(rows, batch_size=5000)
    return election, areas


def cells(area, election) -> list[list[str]]:
    """The strings a list row prints, from the database, before timing."""
    from electionadmin.voters.printing import lists

    bits = [bit for _, _, bit in lists.councils(election)]
    out = []
    for line in lists.area_lines(area, bits):
        row = [str(line["number"]), line["name"], line["birth"],
               "x" if line["male"] else "", "x" if line["female"] else "",
               line["ethnicity"], line["occupation"], line["permanent"],
               line["temporary"], "x" if line["qh"] else ""]  # fmt: skip
        row += ["x" if on else "" for on in line["councils"]] + [line["note"]]
        out.append(row)
    return out


def baseline(rows: list[list[str]]) -> None:
    """The same cells drawn plainly: one `drawString` each, 40 rows a page."""
    from reportlab.pdfgen.canvas import Canvas

    from electionadmin.printing.fonts import register_reportlab_fonts
    from electionadmin.voters.printing import lists

    fonts = register_reportlab_fonts()
    canvas = Canvas(BytesIO(), pagesize=(lists.PAGE_W, lists.PAGE_H), pageCompression=1)
    xs = [lists.LEFT + i * lists.TABLE_W / 13 for i in range(13)]
    for i, row in enumerate(rows):
        if i and i % 40 == 0:
            canvas.showPage()
        if i % 40 == 0:
            canvas.setFont(fonts["regular"], lists.SIZE)
        y = lists.PAGE_H - 60 - (i % 40) * 12
        for x, text in zip(xs, row, strict=False):
            if text:
                canvas.drawString(x, y, text)
    canvas.save()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,3000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    election, areas = build(sizes)
    out = Path(tempfile.mkdtemp(prefix="list-bench-")) / "list.pdf"
    print(f"runs: {args.repeat} (medians)")
    for size, area in zip(sizes, areas, strict=True):
        rows = cells(area, election)
        command = ["print_voter_list", CODE, "--area", area.key, "-o", str(out)]
        base = [timed(lambda r=rows: baseline(r)) for _ in range(args.repeat)]
        real = [
            timed(lambda c=command: call_command(*c, stdout=StringIO()))
            for _ in range(args.repeat)
        ]
        b, r = statistics.median(base), statistics.median(real)
        print(
            f"list {size:>5} rows: baseline {b:.3f} s, print_voter_list {r:.3f} s "
            f"({r / size * 1000:.3f} ms/row, {out.stat().st_size // 1024} KiB), "
            f"ratio {r / b:.2f}"
        )

    import voter_cards_bench

    from electionadmin.voters.printing import cards

    area = areas[-1]
    rows = list(cards.entries([area]))
    by_id = {area.pk: area}
    base = [timed(lambda: voter_cards_bench.baseline(rows, by_id))]
    real = [timed(lambda: cards.render_cards(BytesIO(), election, [area]))]
    for _ in range(args.repeat - 1):
        base.append(timed(lambda: voter_cards_bench.baseline(rows, by_id)))
        real.append(timed(lambda: cards.render_cards(BytesIO(), election, [area])))
    b, r = statistics.median(base), statistics.median(real)
    print(
        f"cards {len(rows):>4}: baseline {b:.3f} s, render_cards {r:.3f} s, "
        f"ratio {r / b:.2f}"
    )


if __name__ == "__main__":
    main()
