"""Plumbing the demo builders of every app share (members, donations, volunteers, site): the progress callback
and a bulk insert fast enough for a million rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField

BATCH_SIZE = 2000

Progress = Callable[[str], None]

# Field types whose Python value is already what the database driver takes.
PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.EmailField,
    models.SlugField,
    models.IntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.BooleanField,
    models.AutoField,
    models.BigAutoField,
)


def bulk_insert(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows given as dicts of field values by attname (`constituent_id`); return their primary keys.

    `bulk_create` would need a model instance per row and compiles every value through its field's whole
    conversion chain: for a million demo rows that costs several times what the database does. Here each
    column's conversion is chosen once, missing values take the field's default, rows go to SQLite with
    `executemany` and to PostgreSQL with COPY, and primary keys are taken up front: from PostgreSQL's
    sequence, or after SQLite's highest id under the write lock the transaction holds. Like `bulk_create`, it
    sends no signals and calls no `save()`. Other databases fall back to `bulk_create`.
    """
    if not rows:
        return []
    opts = model._meta
    if connection.vendor not in {"sqlite", "postgresql"}:
        instances = model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH_SIZE)  # type: ignore[attr-defined]
        return [instance.pk for instance in instances]
    now = timezone.now()
    fields = [model_field for model_field in opts.concrete_fields if model_field is not opts.pk]
    getters: list[Callable[[dict[str, Any]], Any]] = []
    for model_field in fields:
        if getattr(model_field, "auto_now", False):
            getters.append(lambda row: now)
            continue
        attname, default = model_field.attname, model_field.get_default
        read = lambda row, attname=attname, default=default: row[attname] if attname in row else default()  # noqa: E731
        if isinstance(model_field, models.ForeignKey) or type(model_field) in PLAIN_FIELDS:
            getters.append(read)
        elif isinstance(model_field, PhoneNumberField) and _stores_e164():
            # The rows carry numbers already in E.164, the stored form: parsing each again costs ~50 µs.
            getters.append(read)
        elif isinstance(model_field, models.DateTimeField):
            getters.append(lambda row, read=read, adapt=connection.ops.adapt_datetimefield_value: adapt(read(row)))  # type: ignore[misc]
        elif isinstance(model_field, models.DateField):
            getters.append(lambda row, read=read, adapt=connection.ops.adapt_datefield_value: adapt(read(row)))  # type: ignore[misc]
        else:
            getters.append(
                lambda row, read=read, model_field=model_field: model_field.get_db_prep_save(read(row), connection)  # type: ignore[misc]
            )
    ids = _reserve_ids(model, len(rows))
    values = ([pk, *(get(row) for get in getters)] for row, pk in zip(rows, ids, strict=True))
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    columns = ", ".join(quote(model_field.column) for model_field in [opts.pk, *fields])  # type: ignore[arg-type]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row_values in values:
                    copy.write_row(row_values)
        else:
            placeholders = ", ".join(["%s"] * (len(fields) + 1))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)  # type: ignore[arg-type]  # noqa: S608
    return ids


def _stores_e164() -> bool:
    return getattr(settings, "PHONENUMBER_DB_FORMAT", "E164") == "E164"


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction began IMMEDIATE, so no one else inserts until it ends. Ids are never reused
        # (AUTOINCREMENT keeps the highest ever given in sqlite_sequence).
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")  # type: ignore[arg-type]  # noqa: S608
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        sequence = cursor.fetchone()
        first = max(highest, sequence[0] if sequence else 0) + 1
    return list(range(first, first + count))
