"""The SQL implementation of ``sync.storage.Store`` (SQLAlchemy Core on the request session).

Concurrency: a push reads the records it decides on, so two pushes must not interleave. The
store's ``lock()`` serializes them before any read: on PostgreSQL a transaction-scoped advisory
lock (``pg_advisory_xact_lock``), which serializes pushes and the lead's server-side changes
without blocking pulls or unrelated writers, and is released by commit or rollback even if the
worker dies; on SQLite an immediate write (pysqlite only opens a transaction at the first
write, and a deferred read transaction that later writes fails with "database is locked"
instead of waiting), which takes the database's write lock. Seqs still come from
``server.changes.take_seqs`` in the same transaction, so pulls never skip a late commit.

Writes are set-based (one executemany per table), rows are read with ``IN`` lists, and pull
rows are built from tuples, never ORM objects: a 500-mutation push is about ten statements.
"""

import functools
import operator
from collections import defaultdict

import orjson
from sqlalchemy import JSON, Boolean, Date, DateTime, bindparam, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from sync.collections import FIELDS, TIME_FIELD
from sync.scope import NeighborhoodRef
from sync.storage import Batch

from . import changes
from .models import (
    Assignment,
    ChangeCounter,
    Device,
    Mediation,
    MutationLog,
    Neighborhood,
    RecordHistory,
    ScopeExit,
    User,
    Visit,
)

TABLES = {
    "users": User.__table__,
    "neighborhoods": Neighborhood.__table__,
    "visits": Visit.__table__,
    "mediations": Mediation.__table__,
}
#: An arbitrary constant naming the push lock among PostgreSQL advisory locks.
PUSH_LOCK_KEY = 0x46424B53
COMMON = (
    "id rev seq deleted created_at updated_at team_id organization_id worker_id needs_review "
    "field_edited_at location_lat location_lon location_accuracy_m"
).split()
RECORD_COLUMNS = {
    c: COMMON + [f for f in FIELDS[c] if f != "location"] for c in ("visits", "mediations")
}
READ_COLUMNS = {
    "users": "id rev seq deleted username display_name role team_id".split(),
    "neighborhoods": (
        "id rev seq deleted name code geometry target_visits_per_week priority".split()
    ),
    **RECORD_COLUMNS,
}
#: What a pull change needs: no bookkeeping columns (their JSON and dates cost time to load).
_BOOKKEEPING = {"created_at", "updated_at", "team_id", "organization_id", "field_edited_at"}
PULL_COLUMNS = {
    **READ_COLUMNS,
    **{c: [n for n in cols if n not in _BOOKKEEPING] for c, cols in RECORD_COLUMNS.items()},
}
HISTORY = RecordHistory.__table__
LOG = MutationLog.__table__
EXITS = ScopeExit.__table__


def _datetime_text():
    # Most times of a batch are the same object (the receive time): format it once.
    last = [None, None]

    def convert(moment):
        if moment is None:
            return None
        if moment is not last[0]:
            last[0], last[1] = moment, moment.isoformat(" ", "microseconds")
        return last[1]

    return convert


def _sqlite_value(column):
    """How the SQLite driver gets a column's value when SQLAlchemy's types are bypassed: as
    SQLAlchemy itself would store it (JSON text, ``YYYY-MM-DD HH:MM:SS.ffffff``, 0/1)."""
    kind = column.type
    if isinstance(kind, JSON):
        return lambda v: None if v is None else orjson.dumps(v).decode()
    if isinstance(kind, DateTime):
        return _datetime_text()
    if isinstance(kind, Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(kind, Boolean):
        return lambda v: None if v is None else int(v)
    return None


class _RawStatement:
    """A prepared INSERT or UPDATE for ``executemany`` straight on the SQLite driver.

    SQLAlchemy's per-value bind processing was most of a 500-mutation push's time on SQLite;
    this keeps the same stored format at a fraction of the cost.
    """

    def __init__(self, table, columns, key=None):
        self.columns = list(columns)
        self.converters = [_sqlite_value(table.c[name]) for name in self.columns]
        names = ", ".join(f'"{name}"' for name in self.columns)
        if key is None:
            marks = ", ".join("?" * len(self.columns))
            self.sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
        else:
            sets = ", ".join(f'"{name}" = ?' for name in self.columns)
            self.sql = f'UPDATE "{table.name}" SET {sets} WHERE "{key}" = ?'
            self.columns.append(key)
            self.converters.append(None)

    def params(self, rows):
        pairs = list(zip(self.columns, self.converters, strict=True))
        return [
            tuple(row[name] if convert is None else convert(row[name]) for name, convert in pairs)
            for row in rows
        ]

    def run(self, connection, rows) -> None:
        if rows:
            connection.exec_driver_sql(self.sql, self.params(rows))


def _from_db(collection: str, values: tuple) -> dict:
    row = dict(zip(READ_COLUMNS[collection], values, strict=True))
    if collection in RECORD_COLUMNS:
        lat = row.pop("location_lat")
        lon = row.pop("location_lon")
        accuracy = row.pop("location_accuracy_m")
        row["location"] = None if lat is None else {"lat": lat, "lon": lon, "accuracy_m": accuracy}
        if "field_edited_at" in row:
            row["field_edited_at"] = row["field_edited_at"] or {}
    return row


@functools.cache
def _pull_query(collection: str, column: str, live_only_below_high_water: bool):
    """A pull page's statement, built once: building a select costs more than running it."""
    table = TABLES[collection]
    query = (
        select(*[table.c[name] for name in PULL_COLUMNS[collection]])
        .where(
            table.c[column] == bindparam("value"),
            table.c.seq > bindparam("after"),
            table.c.seq <= bindparam("upto"),
        )
        .order_by(table.c.seq)
        .limit(bindparam("lim"))
    )
    if live_only_below_high_water:
        query = query.where((table.c.deleted == False) | (table.c.seq > bindparam("hw")))  # noqa: E712
    return query


@functools.cache
def _exits_query(collection: str, column: str):
    """Exits from a scope of rows not back in it now (a row moved away and back stays)."""
    table = TABLES[collection]
    return (
        select(EXITS.c.record_id, EXITS.c.rev, EXITS.c.seq)
        .join(table, table.c.id == EXITS.c.record_id)
        .where(
            EXITS.c.column == column,
            EXITS.c.old_value == bindparam("value"),
            EXITS.c.seq > bindparam("after"),
            EXITS.c.seq <= bindparam("upto"),
            EXITS.c.collection == collection,
            table.c[column] != bindparam("value"),
        )
        .order_by(EXITS.c.seq)
        .limit(bindparam("lim"))
    )


def _pulled(collection: str, values) -> dict:
    return dict(zip(PULL_COLUMNS[collection], values, strict=True))


def _wire_rows(collection: str):
    """A pull row of a record with its ``data`` already in wire form, in one pass.

    Equal to what ``sync.collections.to_wire`` makes of the row (the contract suite checks it
    through pull), but from the tuple with C-level picks: a page of 1,000 is half the time.
    """
    columns = PULL_COLUMNS[collection]
    at = {name: i for i, name in enumerate(columns)}
    plain = [n for n in FIELDS[collection] if n != "location"] + ["worker_id", "needs_review"]
    pick = operator.itemgetter(*(at[n] for n in plain))
    moment_field = TIME_FIELD[collection]
    lat, lon, accuracy = at["location_lat"], at["location_lon"], at["location_accuracy_m"]
    due = "follow_up_due" in at

    def build(values) -> dict:
        row = {"id": values[0], "rev": values[1], "seq": values[2], "deleted": bool(values[3])}
        if row["deleted"]:
            row["data"] = None
            return row
        data = dict(zip(plain, pick(values), strict=True))
        data[moment_field] = data[moment_field].isoformat() + "+00:00"
        if due and data["follow_up_due"] is not None:
            data["follow_up_due"] = data["follow_up_due"].isoformat()
        data["needs_review"] = bool(data["needs_review"])
        data["location"] = (
            None
            if values[lat] is None
            else {"lat": values[lat], "lon": values[lon], "accuracy_m": values[accuracy]}
        )
        row["data"] = data
        return row

    assert columns[:4] == ["id", "rev", "seq", "deleted"]
    return build


BUILD = {"users": None, "neighborhoods": None}
BUILD.update({c: _wire_rows(c) for c in RECORD_COLUMNS})


def _to_db(collection: str, row: dict) -> dict:
    values = {name: row[name] for name in RECORD_COLUMNS[collection] if name in row}
    location = row.get("location")
    values["location_lat"] = location["lat"] if location else None
    values["location_lon"] = location["lon"] if location else None
    values["location_accuracy_m"] = location["accuracy_m"] if location else None
    return values


class SqlStore:
    """One store per request, on that request's session (the caller commits)."""

    def __init__(self, session):
        self.session = session
        self.dialect = session.get_bind().dialect.name

    def _insert(self):
        return pg_insert if self.dialect == "postgresql" else sqlite_insert

    def lock(self) -> None:
        if self.dialect == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PUSH_LOCK_KEY})
        else:
            statement = self._insert()(ChangeCounter).values(name=changes.COUNTER, value=0)
            self.session.execute(statement.on_conflict_do_nothing())

    def logged(self, mutation_ids):
        ids = list(mutation_ids)
        if not ids:
            return {}
        log = MutationLog.__table__
        found = self.session.execute(
            select(log.c.mutation_id, log.c.user_id, log.c.result).where(log.c.mutation_id.in_(ids))
        )
        return {mid: {"user_id": uid, "result": result} for mid, uid, result in found}

    def records(self, collection, ids):
        ids = list(ids)
        if not ids:
            return {}
        table = TABLES[collection]
        columns = [table.c[name] for name in READ_COLUMNS[collection]]
        found = self.session.execute(select(*columns).where(table.c.id.in_(ids)))
        return {values[0]: _from_db(collection, tuple(values)) for values in found}

    def neighborhoods(self, ids):
        ids = list(ids)
        table = TABLES["neighborhoods"]
        found = self.session.execute(
            select(table.c.id, table.c.team_id, table.c.organization_id, table.c.deleted).where(
                table.c.id.in_(ids)
            )
        )
        return {values[0]: NeighborhoodRef(*values) for values in found}

    def history_since(self, collection, since):
        found = defaultdict(list)
        rows = self.session.execute(
            select(
                HISTORY.c.record_id, HISTORY.c.rev, HISTORY.c.op, HISTORY.c.incoming, HISTORY.c.lost
            )
            .where(HISTORY.c.collection == collection, HISTORY.c.record_id.in_(list(since)))
            .order_by(HISTORY.c.rev)
        )
        for record_id, rev, op, incoming, lost in rows:
            if rev > since[record_id]:
                found[record_id].append({"rev": rev, "op": op, "incoming": incoming, "lost": lost})
        return dict(found)

    def take_seqs(self, count):
        return changes.take_seqs(count, self.session)

    def write(self, batch: Batch) -> None:
        if self.dialect == "sqlite":
            self._write_sqlite(batch)
        else:
            self._write_core(batch)

    def _write_sqlite(self, batch: Batch) -> None:
        connection = self.session.connection()
        for collection, rows in batch.inserts.items():
            db_rows = [_to_db(collection, row) for row in rows]
            _RawStatement(TABLES[collection], db_rows[0]).run(connection, db_rows)
        for collection, rows in batch.updates.items():
            db_rows = [_to_db(collection, row) for row in rows]
            columns = [name for name in db_rows[0] if name not in ("id", "created_at")]
            _RawStatement(TABLES[collection], columns, key="id").run(connection, db_rows)
        if batch.history:
            _RawStatement(HISTORY, batch.history[0]).run(connection, batch.history)
        if batch.log:
            _RawStatement(LOG, batch.log[0]).run(connection, batch.log)

    def _write_core(self, batch: Batch) -> None:
        execute = self.session.execute
        for collection, rows in batch.inserts.items():
            execute(insert(TABLES[collection]), [_to_db(collection, row) for row in rows])
        for collection, rows in batch.updates.items():
            table = TABLES[collection]
            params = []
            for row in rows:
                values = _to_db(collection, row)
                values["b_id"] = values.pop("id")
                values.pop("created_at", None)
                params.append(values)
            execute(update(table).where(table.c.id == bindparam("b_id")), params)
        if batch.history:
            execute(insert(HISTORY), batch.history)
        if batch.log:
            execute(insert(LOG), batch.log)

    def max_seq(self):
        return changes.current_seq(self.session)

    def changes(self, collection, where, after, upto, high_water, limit):
        query = _pull_query(collection, where.column, high_water > after)
        params = {"value": where.value, "after": after, "upto": upto, "hw": high_water}
        found = self.session.execute(query, {**params, "lim": limit}).fetchall()
        build = BUILD[collection]
        if build is not None:
            return [build(values) for values in found]
        rows = [_pulled(collection, values) for values in found]
        if collection == "neighborhoods" and rows:
            self._attach_assignments(rows)
        return rows

    def exits(self, collection, where, after, upto, limit):
        params = {"value": where.value, "after": after, "upto": upto, "lim": limit}
        latest = {}
        for record_id, rev, seq in self.session.execute(
            _exits_query(collection, where.column), params
        ):
            latest.pop(record_id, None)  # a row that left twice: its last exit only
            latest[record_id] = {"id": record_id, "rev": rev, "seq": seq}
        return [{**row, "deleted": True, "data": None} for row in latest.values()]

    def _attach_assignments(self, rows) -> None:
        table = Assignment.__table__
        by_hood = defaultdict(list)
        found = self.session.execute(
            select(table.c.neighborhood_id, table.c.user_id, table.c.starts_on, table.c.ends_on)
            .where(table.c.neighborhood_id.in_([row["id"] for row in rows]))
            .order_by(table.c.starts_on)
        )
        for hood_id, user_id, starts_on, ends_on in found:
            by_hood[hood_id].append(
                {"worker_id": user_id, "starts_on": starts_on, "ends_on": ends_on}
            )
        for row in rows:
            row["assignments"] = by_hood.get(row["id"], [])

    def history(self, collection, record_id):
        rows = self.session.execute(
            select(HISTORY)
            .where(HISTORY.c.collection == collection, HISTORY.c.record_id == record_id)
            .order_by(HISTORY.c.rev, HISTORY.c.id)
        )
        return [dict(row._mapping) for row in rows]

    def touch_device(self, user_id, device_id, now, *, push):
        stamp = {"last_push_at" if push else "last_pull_at": now, "last_sync_at": now}
        statement = self._insert()(Device).values(
            device_id=device_id, user_id=user_id, first_seen_at=now, **stamp
        )
        self.session.execute(
            statement.on_conflict_do_update(index_elements=["device_id", "user_id"], set_=stamp)
        )
