"""The storage interface the engine runs on: a memory and a SQL implementation pass one suite.

Rows are plain dicts. A visit or mediation row holds the record's fields as Python values (see
``sync.collections``) plus ``id``, ``rev``, ``seq``, ``deleted``, ``worker_id``, ``team_id``,
``organization_id``, ``needs_review``, ``field_edited_at`` (field -> ISO time of its last
accepted edit), ``created_at`` and ``updated_at``.

The caller owns the transaction: one push is ``lock()``, reads, ``take_seqs`` once, ``write``
once, then the caller commits (``tests/test_sync_contract.py`` checks the contract).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from .scope import Filter, NeighborhoodRef


@dataclass
class Batch:
    """Everything one push (or one server-side change) writes, in one set-based call."""

    inserts: dict[str, list[dict]] = field(default_factory=dict)
    updates: dict[str, list[dict]] = field(default_factory=dict)
    #: {collection, record_id, rev, op, status, data, incoming, lost, user_id, device_id,
    #:  mutation_id, edited_at, received_at}
    history: list[dict] = field(default_factory=list)
    #: {mutation_id, user_id, device_id, collection, record_id, status, result, received_at}
    log: list[dict] = field(default_factory=list)


class Store(Protocol):
    def lock(self) -> None:
        """Serialize writers until the caller's transaction ends, before any read."""

    def logged(self, mutation_ids: Iterable[str]) -> dict[str, dict]:
        """Logged mutations by id: ``{"user_id", "result"}``."""

    def records(self, collection: str, ids: Iterable[str]) -> dict[str, dict]:
        """Current rows (tombstones too) of a visits/mediations collection, by id."""

    def neighborhoods(self, ids: Iterable[str]) -> dict[str, NeighborhoodRef]:
        """The neighborhoods that exist among ``ids``."""

    def history_since(self, collection: str, since: dict[str, int]) -> dict[str, list[dict]]:
        """Per record id, its history rows with ``rev > since[id]`` (op, incoming, lost, rev)."""

    def take_seqs(self, count: int) -> int:
        """Reserve ``count`` consecutive seqs (the first is returned), in commit order."""

    def write(self, batch: Batch) -> None:
        """Insert and update rows, append history and mutation-log rows."""

    def max_seq(self) -> int:
        """The highest committed seq this transaction can see."""

    def changes(
        self, collection: str, where: Filter, after: int, upto: int, high_water: int, limit: int
    ) -> list[dict]:
        """Rows with ``after < seq <= upto`` matching ``where``, by seq, at most ``limit``;
        tombstones only when ``seq > high_water``. Neighborhood rows carry ``assignments``.

        A row may carry its pull ``data`` ready (wire form, None for a tombstone) beside ``id``,
        ``rev``, ``seq`` and ``deleted``; else ``sync.pull`` builds it from the fields."""

    def exits(
        self, collection: str, where: Filter, after: int, upto: int, limit: int
    ) -> list[dict]:
        """Tombstones (``id``, ``rev``, ``seq``, ``deleted`` True, ``data`` None), by seq, at most
        ``limit``, of rows that left ``where``'s scope at ``after < seq <= upto`` and are not in
        it now: a row moved to another team must vanish from the old team's devices."""

    def history(self, collection: str, record_id: str) -> list[dict]:
        """A record's history rows, oldest first."""

    def touch_device(self, user_id: str, device_id: str, now, *, push: bool) -> None:
        """Record a successful push or pull of a device."""
