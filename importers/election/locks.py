"""After the voter list is posted, an import by a ward or district committee may not
move a saved voting area out of its electoral unit (electionadmin/setup/locks.py:
the rule, who may, and the message). Areas cannot be renumbered, moved to another
commune or deleted by an import at all: they are upserted on (commune, number) and
never removed."""

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
