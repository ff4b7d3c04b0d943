"""After the voter list is posted, an import by a ward or district committee may not
move a saved voting area out of its electoral unit, nor add to a unit a saved area
with voters on the list, nor change a saved unit's seats
(electionadmin/setup/locks.py: the rule, who may, and the message). Areas and units
cannot be renumbered, moved to another commune or contest, or deleted by an import
at all: they are upserted on (commune, number) and (contest, number) and never
removed; nor can contests, upserted on (kind, council unit)."""

from electionadmin.setup import locks

from .context import Context


def _listed(ctx: Context) -> set:
    """The saved voting areas with voters on the list that a unit of the file
    would gain (they would vote in another contest)."""
    gained = set()
    for key in ctx.file.electoral_units:
        held = ctx.saved.unit_areas.get(key, set())
        gained |= ctx.merged.unit_areas.get(key, set()) - held
    by_pk = {ctx.saved.areas[k].pk: k for k in gained if k in ctx.saved.areas}
    return {by_pk[pk] for pk in locks.listed_areas(by_pk)}


def check_moves(ctx: Context, user) -> None:
    saved = ctx.plan.election.saved
    if user is None or saved is None or not locks.list_posted(saved):
        return
    if locks.may_restructure(user):
        return  # the city committee: the import is audited (SetupImporter.write)
    listed = _listed(ctx)
    for key, unit in ctx.file.electoral_units.items():
        held = ctx.saved.unit_areas.get(key, set())
        covered = ctx.merged.unit_areas.get(key, set())
        if held - covered or (covered - held) & listed:
            ctx.report.error(
                "electoral_units", unit.row, "covers", locks.locked_message(saved)
            )
        before = ctx.saved.electoral_units.get(key)
        if before is not None and unit.seats and before.seats != unit.seats:
            message = locks.locked_message(saved, locks.UNIT)
            ctx.report.error("electoral_units", unit.row, "seats", message)
