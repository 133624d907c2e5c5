"""Field merge rules for a stale ``base_rev`` (DESIGN, push statuses ``merged``/``conflict``).

Two edits made from the same rev *overlap* when a field the device sends was also changed by
an accepted change after that rev (read from the record's history). No overlap: both edits are
kept (``merged``). Overlap: per overlapping field the later ``edited_at`` wins — device clocks
are clamped to the server's receive time, so a phone set to next year cannot win every
conflict — and on a tie the value already stored stays (first accepted wins). Every losing
value goes into the history row's ``lost``.
"""

from datetime import datetime

from .collections import wire_value


def edit_stamp(moment: datetime) -> str:
    """A fixed-width ISO time (naive UTC in, ``+00:00`` out): stamps compare as strings."""
    return moment.isoformat(timespec="microseconds") + "+00:00"


def changed_fields(history_rows) -> set[str]:
    """The fields accepted changes actually changed: sent, and not lost by the device."""
    changed = set()
    for row in history_rows:
        lost = row.get("lost") or {}
        for name in row.get("incoming") or {}:
            if (lost.get(name) or {}).get("from") != "device":
                changed.add(name)
    return changed


def merge(stored: dict, values: dict, stamp: str, overlap: set[str]):
    """``(values to apply, lost)`` for an update whose ``overlap`` fields were edited meanwhile."""
    edits = stored.get("field_edited_at") or {}
    apply, lost = {}, {}
    for name, value in values.items():
        if name not in overlap:
            apply[name] = value
            continue
        theirs = edits.get(name) or ""
        if stamp > theirs:
            apply[name] = value
            if stored.get(name) != value:
                lost[name] = {
                    "value": wire_value(stored.get(name)),
                    "edited_at": theirs or None,
                    "from": "server",
                }
        else:
            lost[name] = {"value": wire_value(value), "edited_at": stamp, "from": "device"}
    return apply, lost
