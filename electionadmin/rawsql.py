"""Table and column names for hand-written SQL, taken from the models' _meta.

    names("SELECT {f.voters_voted} FROM {f} f WHERE {f.slot} IN ({slots})",
          f=TurnoutFigure)

fills `{f}` with the model's table and `{f.voting_area}` with the column of its
field `voting_area` (`voting_area_id`), so a table or column renamed in a model and
its migration changes the SQL with it. A field the SQL names that the model no
longer has raises FieldDoesNotExist, naming the model and the field, when the
statement is built (tests/test_polling_sql.py builds every one). Placeholders that
are not models (`{slots}`) are left as they are for the caller's own `.format()`.
"""

from django.db.models import Model


class Table:
    """A model in a statement: str() is its table, each attribute a field's column."""

    def __init__(self, model: type[Model]):
        self._meta = model._meta

    def __str__(self) -> str:
        return self._meta.db_table

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._meta.get_field(name).column


class _Later(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def names(template: str, **models: type[Model]) -> str:
    """The template with its models' table and column names written in."""
    return template.format_map(_Later({k: Table(m) for k, m in models.items()}))
