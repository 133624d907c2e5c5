"""The opaque pull cursor: base64url JSON of a version, the last seq sent, a high-water mark and
the scope fingerprint.

Why a seq suffices: ``server.changes.take_seqs`` hands seqs out under a row lock held until
commit, so seqs become visible in order and ``seq > after`` never skips a late commit.
``high_water`` is the highest seq when a first pull (no cursor) began: rows at or below it are
sent only if live, rows above it also as tombstones, so a record deleted while the first pull
is still paging is not missed.
"""

import base64
import binascii
import json
from dataclasses import dataclass

VERSION = 1


class BadCursor(ValueError):
    """The server cannot read this cursor (400)."""


@dataclass(frozen=True)
class Cursor:
    after: int
    high_water: int
    scope: str


def encode(cursor: Cursor) -> str:
    raw = json.dumps(
        {"v": VERSION, "s": cursor.after, "h": cursor.high_water, "f": cursor.scope},
        separators=(",", ":"),
    ).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode(text: str) -> Cursor:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        body = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadCursor("This cursor cannot be read; pull again without one.") from None
    if not isinstance(body, dict) or body.get("v") != VERSION:
        raise BadCursor("This cursor is from another version; pull again without one.")
    after, high, scope = body.get("s"), body.get("h"), body.get("f")
    if (
        type(after) is not int
        or type(high) is not int
        or not 0 <= after < 2**63
        or not 0 <= high < 2**63
        or not isinstance(scope, str)
    ):
        raise BadCursor("This cursor cannot be read; pull again without one.")
    return Cursor(after, high, scope)
