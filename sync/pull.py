"""Pull: the user's in-scope changes after a cursor, by seq, one page at a time."""

import functools

from .collections import ALL, to_wire
from .cursor import Cursor, decode, encode
from .scope import Filter, Principal, fingerprint
from .storage import Store


def _users_data(row: dict) -> dict:
    return {
        "username": row["username"],
        "display_name": row["display_name"],
        "role": row["role"],
        "team_id": row["team_id"],
    }


def _neighborhoods_data(row: dict) -> dict:
    return {
        "name": row["name"],
        "code": row["code"],
        "geometry": row["geometry"],
        "target_visits_per_week": row["target_visits_per_week"],
        "priority": row["priority"],
        "assignments": [
            {
                "worker_id": a["worker_id"],
                "starts_on": a["starts_on"].isoformat(),
                "ends_on": a["ends_on"].isoformat() if a["ends_on"] else None,
            }
            for a in row.get("assignments") or ()
        ],
    }


DATA = {
    "users": _users_data,
    "neighborhoods": _neighborhoods_data,
    "visits": functools.partial(to_wire, "visits"),
    "mediations": functools.partial(to_wire, "mediations"),
}


def _data(collection: str, row: dict):
    if "data" in row:  # the store built it already
        return row["data"]
    return None if row["deleted"] else DATA[collection](row)


def pull(store: Store, principal: Principal, cursor: str | None, limit: int, policy) -> dict:
    """DESIGN's pull answer; ``{"reset": true}`` when the user's scope changed since the cursor.

    Raises :class:`sync.cursor.BadCursor` for a cursor the server cannot read.
    """
    scope = fingerprint(principal)
    if cursor:
        position = decode(cursor)
        if position.scope != scope:
            return {"reset": True}
    # Every row with seq <= upto is committed (seqs commit in order), so bounding each
    # collection's query by it gives one consistent page even though the queries run apart.
    upto = store.max_seq()
    if cursor and position.after > upto:
        # A cursor from the future: the database was restored from a backup. Start over
        # rather than wait, silently, for the sequence to catch up.
        return {"reset": True}
    if not cursor:
        position = Cursor(0, upto, scope)
    filters = {name: Filter(*pair) for name, pair in policy.pull_scope(principal).items()}
    found = []
    for collection in ALL:
        rows = store.changes(
            collection, filters[collection], position.after, upto, position.high_water, limit + 1
        )
        found.extend((row["seq"], collection, row) for row in rows)
        # Rows that left the scope since the cursor: a tombstone, so the device drops its copy.
        # Never on a first pull (nothing to drop), nor below its high water (never sent).
        lower = max(position.after, position.high_water) if cursor else upto
        if lower < upto:
            exits = store.exits(collection, filters[collection], lower, upto, limit + 1)
            found.extend((row["seq"], collection, row) for row in exits)
    found.sort(key=lambda item: item[0])
    has_more = len(found) > limit
    page = found[:limit]
    changes = [
        {
            "collection": collection,
            "record_id": row["id"],
            "rev": row["rev"],
            "deleted": bool(row["deleted"]),
            "data": _data(collection, row),
        }
        for _seq, collection, row in page
    ]
    after = page[-1][0] if page else position.after
    if not has_more:
        # Every row in scope up to ``upto`` has been sent (or moved above it by a later change,
        # or is a tombstone of a record this device never received): start above it next time.
        after = max(after, upto)
    next_cursor = encode(Cursor(after, position.high_water, scope))
    return {"changes": changes, "cursor": next_cursor, "has_more": has_more}
