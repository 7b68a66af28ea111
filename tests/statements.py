"""The statements a test captured, as PostgreSQL ran them."""

from django.db import connection

PREPARED_PREFIX = "EXECUTE yavar_"


def prepared_body(name: str) -> str | None:
    """The statement this session prepared under `name` (read on psycopg's connection, outside
    Django's query log), or None if it holds none by that name."""
    row = connection.connection.execute(
        "SELECT statement FROM pg_prepared_statements WHERE name = %s", [name]
    ).fetchone()
    return None if row is None else row[0].split(" AS ", 1)[1]


def as_run(sql: str) -> str:
    """A statement's text; an EXECUTE of a statement `core.prepared` made (a batch or a read) is
    read back as the statement it runs (its values as $1…), so a test can check what was sent
    by its shape on either path."""
    if not sql.startswith(PREPARED_PREFIX):
        return sql
    name = sql.split(" ", 2)[1].split("(", 1)[0]
    body = prepared_body(name)
    assert body is not None, f"{name} was executed but is not prepared"
    return body


def captured_sql(captured) -> list[str]:
    """Each statement a CaptureQueriesContext caught, `as_run`."""
    return [as_run(query["sql"]) for query in captured.captured_queries]
