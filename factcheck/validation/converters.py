"""Route converters that keep impossible ids away from the database."""

from werkzeug.routing import IntegerConverter, Map

from factcheck.validation.limits import MAX_PATH_ID


class BoundedIntConverter(IntegerConverter):
    """``<int:id>`` that matches only ids from 0 to 2**31 - 1, the ids a row can have.

    Werkzeug's own converter accepts any number of digits; SQLite cannot bind an integer
    beyond 64 bits (OverflowError) and PostgreSQL casts the id to ``integer`` (out of range):
    500s both. Such a path now simply does not match: a 404, like any other id with no row.
    """

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = 0,
        max: int | None = MAX_PATH_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)
