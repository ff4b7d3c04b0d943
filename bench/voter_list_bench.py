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
baseline; 200 vote-elsewhere certificates (`certificate_pdf`, one PDF each, as the
screen serves them) against a plain canvas page of the same strings each (in the
same three faces: each PDF embeds their subsets, most of a certificate's time); the
change
report (`change_report_pdf`) of 2,000 voting areas × its 21 figures against a plain
drawing of the same cells. Medians of --repeat runs; ratios (b)/(a): the list's
target is at most 3, the cards' at most 2; time per row should not grow with the
rows.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
from io import BytesIO, StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import sessions  # noqa: E402

sessions.production_env()  # DEBUG off, with a random SECRET_KEY for this run
import print_setup  # noqa: E402
from print_setup import timed  # noqa: E402

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

    from electionadmin.setup.models import VotingArea
    from electionadmin.text import fold
    from electionadmin.voters.models import VoterEntry

    election, ward = print_setup.election_in_ward(
        CODE, name="Bầu cử thử nghiệm", city_name="Thành phố Hồ Chí Minh"
    )
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
        out.append(lists.cells(line))
    return out


def baseline(rows: list[list[str]]) -> None:
    """The same cells drawn plainly: one `drawString` each, 40 rows a page."""
    from electionadmin.voters.printing import lists

    lay = lists.LAYOUT
    canvas, fonts = print_setup.plain_canvas(lay.page)
    xs = [lay.left + i * lay.width / 13 for i in range(13)]
    for i, row in enumerate(rows):
        if i and i % 40 == 0:
            canvas.showPage()
        if i % 40 == 0:
            canvas.setFont(fonts["regular"], lay.size)
        y = lay.page[1] - 60 - (i % 40) * 12
        for x, text in zip(xs, row, strict=False):
            if text:
                canvas.drawString(x, y, text)
    canvas.save()


def certificate_contexts(election, area, count: int) -> list[dict]:
    from types import SimpleNamespace

    from electionadmin.voters.models import VoterEntry

    entries = VoterEntry.objects.filter(voting_area=area).order_by("list_number")
    return [
        {
            "election": election,
            "entry": entry,
            "area": area,
            "citizen_id": entry.citizen_id,
            "kinds": ["ĐBQH", "HĐND tỉnh", "HĐND xã"],
            "change": SimpleNamespace(electronic=i % 2 == 0),
            "issued_on": datetime.date(2026, 3, 1),
            "issuing_body": f"ỦY BAN NHÂN DÂN {area.commune.name.upper()}",
            "form_number": "Mẫu số 12/HĐBC",
            "footer_note": "Giấy chứng nhận cử tri tham gia bỏ phiếu ở nơi khác",
        }  # fmt: skip
        for i, entry in enumerate(entries.select_related("voting_area")[:count])
    ]


def certificate_baseline(contexts: list[dict]) -> None:
    """Each certificate's strings on one page of its own PDF, one drawString each."""
    from reportlab.lib.pagesizes import A4

    for c in contexts:
        entry = c["entry"]
        canvas, fonts = print_setup.plain_canvas(A4)
        bold = [c["issuing_body"], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc", "GIẤY CHỨNG NHẬN",
                "CỬ TRI THAM GIA BỎ PHIẾU Ở NƠI KHÁC", entry.full_name,
                "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]  # fmt: skip
        italic = [c["form_number"], "Phường Tân Định, ngày 01 tháng 03 năm 2026",
                  "(Ký, ghi rõ họ tên và đóng dấu)", c["footer_note"]]  # fmt: skip
        regular = [c["election"].cycle.name,
                   "Ủy ban nhân dân Phường Tân Định chứng nhận:", "Họ và tên:",
                   "Ngày, tháng, năm sinh:", entry.birth_date_display(), "Giới tính:",
                   entry.get_gender_display(), "Số định danh cá nhân:",
                   c["citizen_id"], "Nơi cư trú:", entry.permanent_address,
                   "Có tên trong danh sách cử tri:", "Khu vực bỏ phiếu số 1",
                   "Được tham gia bỏ phiếu bầu:", "; ".join(c["kinds"]),
                   "Cử tri đã được xóa tên khỏi danh sách cử tri nơi trên"]  # fmt: skip
        n = 0
        for face, texts in (("bold", bold), ("italic", italic), ("regular", regular)):
            canvas.setFont(fonts[face], 10.5)
            for text in texts:
                canvas.drawString(60, 780 - n * 20, text)
                n += 1
        canvas.save()


def report_context(election, areas: int) -> dict:
    from electionadmin.voters import reports

    columns = reports.columns(list(election.cycle.contest_kinds))
    return {
        "election": election, "level_label": "Khu vực bỏ phiếu",
        "period_label": "00:00 03/02/2026 đến 00:00 10/03/2026", "columns": columns,
        "lines": [(f"26734/{n}", [(n * 7 + i) % 2000 for i in range(len(columns))])
                  for n in range(1, areas + 1)],
        "form_number": "", "issuing_body": "",
        "footer_note": f"Báo cáo biến động cử tri - {election.name}",
    }  # fmt: skip


def report_baseline(context: dict) -> None:
    from electionadmin.figures import grouped
    from electionadmin.voters.printing import paper_forms

    lay = paper_forms.REPORT
    canvas, fonts = print_setup.plain_canvas(lay.page)
    width = lay.width / (len(context["columns"]) + 1)
    for i, (unit, values) in enumerate(context["lines"]):
        if i and i % 40 == 0:
            canvas.showPage()
        if i % 40 == 0:
            canvas.setFont(fonts["regular"], lay.size)
        y = lay.page[1] - 60 - (i % 40) * 12
        canvas.drawString(lay.left, y, unit)
        for n, value in enumerate(values, 1):
            canvas.drawString(lay.left + n * width, y, grouped(value))
    canvas.save()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,3000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    print_setup.migrated()
    from django.core.management import call_command

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

    from electionadmin.voters.printing import paper_forms

    contexts = certificate_contexts(election, areas[0], 200)
    base = [timed(lambda: certificate_baseline(contexts)) for _ in range(args.repeat)]
    real = [
        timed(lambda: [paper_forms.certificate_pdf(c) for c in contexts])
        for _ in range(args.repeat)
    ]
    b, r = statistics.median(base), statistics.median(real)
    print(
        f"certificates {len(contexts)}: baseline {b:.3f} s, certificate_pdf {r:.3f} s "
        f"({r / len(contexts) * 1000:.1f} ms each), ratio {r / b:.2f}"
    )
    context = report_context(election, 2000)
    base = [timed(lambda: report_baseline(context)) for _ in range(args.repeat)]
    real = [
        timed(lambda: paper_forms.change_report_pdf(context))
        for _ in range(args.repeat)
    ]
    b, r = statistics.median(base), statistics.median(real)
    print(
        f"change report 2000 rows: baseline {b:.3f} s, change_report_pdf {r:.3f} s, "
        f"ratio {r / b:.2f}"
    )


if __name__ == "__main__":
    main()
