"""Who is asking, as plain data, and which rows of each collection they pull.

The permission rules themselves live in one place, ``server/permissions.py``; ``sync`` asks
them through a *policy*: any object with ``can_record_in``, ``can_write_record``,
``can_lead_team`` and ``pull_scope`` (the read rules as column filters), e.g. that module.
``tests/test_sync_scope.py`` checks every pulled record against ``can_read_record``.
"""

import hashlib
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Principal:
    """The session user, detached from any ORM: the facts the rules need."""

    id: str
    role: str
    team_id: str
    organization_id: str


class NeighborhoodRef(NamedTuple):
    """What the rules need to know of a neighborhood a mutation records in."""

    id: str
    team_id: str
    organization_id: str
    deleted: bool = False


class RecordRef(NamedTuple):
    """What the rules need to know of a visit or mediation."""

    id: str
    worker_id: str
    team_id: str
    organization_id: str


def record_ref(row: dict) -> RecordRef:
    return RecordRef(row["id"], row["worker_id"], row["team_id"], row["organization_id"])


class Filter(NamedTuple):
    """Rows of a collection whose ``column`` equals ``value``."""

    column: str
    value: str


def fingerprint(p: Principal) -> str:
    """A short digest of what the scope depends on: a change in it makes old cursors reset."""
    raw = f"{p.id}|{p.role}|{p.team_id}|{p.organization_id}".encode()
    return hashlib.sha256(raw).hexdigest()[:16]
