"""After the voter list is posted, an import by a ward or district committee may not
move a saved voting area out of its electoral unit, nor change a saved unit's seats
(electionadmin/setup/locks.py: the rule, who may, and the message). Areas and units
cannot be renumbered, moved to another commune or contest, or deleted by an import
at all: they are upserted on (commune, number) and (contest, number) and never
removed; nor can contests, upserted on (kind, council unit)."""

from electionadmin.setup import locks

from .context import Context


def check_moves(ctx: Context, user) -> None:
    saved = ctx.plan.election.saved
    if user is None or saved is None or not locks.list_posted(saved):
        return
    if locks.may_restructure(user):
        return  # the city committee: the import is audited (SetupImporter.write)
    for key, unit in ctx.file.electoral_units.items():
        if ctx.saved.unit_areas.get(key, set()) - ctx.merged.unit_areas.get(key, set()):
            ctx.report.error(
                "electoral_units", unit.row, "covers", locks.locked_message(saved)
            )
        before = ctx.saved.electoral_units.get(key)
        if before is not None and unit.seats and before.seats != unit.seats:
            message = locks.locked_message(saved, locks.UNIT)
            ctx.report.error("electoral_units", unit.row, "seats", message)
