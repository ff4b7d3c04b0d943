"""What the printing benches share (print_farm_bench, voter_cards_bench,
voter_list_bench): the throw-away election in one ward of HCMC, its plain voters,
the plain ReportLab canvas their baselines draw on, and the timer.

Imported by the bench scripts after their own environment is set (the script's
folder, bench/, is on sys.path when one runs `python bench/x.py`); Django is set up
by `migrated()` or by the script itself before the other functions are called.
"""

import datetime
import time
from io import BytesIO

DAY = datetime.date(2026, 3, 15)


def migrated() -> None:
    """Django set up and the database (the one DATABASE_URL names) migrated."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def election_in_ward(code: str, name: str = "Bench", city_name: str = "TP HCM"):
    """A fresh election `code` (the previous one of that code deleted) of the
    province 79 on the unit set in force on DAY, and its ward 26734."""
    from electionadmin.setup.models import AdminUnit, AdminUnitSet, Cycle, Election

    Election.objects.filter(code=code).delete()
    unit_set = AdminUnitSet.objects.in_force_on(DAY).get()
    city, _ = AdminUnit.objects.get_or_create(
        unit_set=unit_set, code="79", defaults={"name": city_name, "level": "province"}
    )
    ward, _ = AdminUnit.objects.get_or_create(
        unit_set=unit_set, code="26734",
        defaults={"name": "Phường Tân Định", "level": "commune", "parent": city},
    )  # fmt: skip
    election = Election.objects.create(
        code=code, name=name, election_date=DAY, unit_set=unit_set,
        cycle=Cycle.objects.get(code="2026"), province=city,
    )  # fmt: skip
    return election, ward


def plain_voters(election, ward, areas, count, per_area, names, streets) -> None:
    """`count` permanent residents of the ward, `per_area` to each area in turn,
    names and streets taken in turn from the lists given."""
    from django.utils import timezone

    from electionadmin.text import fold
    from electionadmin.voters.models import VoterEntry

    now, rows = timezone.now(), []
    for i in range(count):
        name = names[i % len(names)]
        street = streets[i % len(streets)]
        rows.append(
            VoterEntry(
                election=election,
                voting_area=areas[i // per_area],
                commune=ward,
                list_number=i % per_area + 1,
                citizen_id=f"079{i:09d}",
                full_name=name,
                search_name=fold(name),
                birth_date=datetime.date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
                gender="MF"[i % 2],
                residence="permanent",
                added_at=now,
                permanent_address=f"{i % 300} {street}, Phường Tân Định",
            )  # fmt: skip
        )
    VoterEntry.objects.bulk_create(rows, batch_size=5000)


def plain_canvas(pagesize):
    """A ReportLab canvas into memory with the same page compression as the real
    printing, and the embedded fonts (face -> registered name)."""
    from reportlab.pdfgen.canvas import Canvas

    from electionadmin.printing.fonts import register_reportlab_fonts

    fonts = register_reportlab_fonts()
    return Canvas(BytesIO(), pagesize=pagesize, pageCompression=1), fonts


def timed(function) -> float:
    began = time.perf_counter()
    function()
    return time.perf_counter() - began
