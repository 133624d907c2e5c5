"""The messages of sync protocol 1 (DESIGN, "Sync protocol 1 — HTTP surface").

``PushRequestSchema`` and ``PullQuerySchema`` validate the envelope with marshmallow and name
the bad field. Each of up to 500 mutations is then checked by :func:`check_mutation`, a plain
function: a marshmallow load costs ~20 µs a mutation, a tenth of a 500-mutation push budget,
and an invalid mutation must be *rejected* on its own while the others go through, not fail
the request. ``MutationSchema`` documents the same shape for OpenAPI.
"""

from marshmallow import EXCLUDE, Schema, fields, validate

from . import DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, PROTOCOL_VERSION
from .collections import Invalid, is_uuid, parse_instant

OPS = ("upsert", "delete")


class ProtocolMismatch(Exception):
    """The client speaks another protocol: ``older`` ones must upgrade (409), newer are 400."""

    def __init__(self, older: bool, message: str):
        super().__init__(message)
        self.older = older


def check_protocol(body) -> None:
    """Check ``protocol`` first: an old client's body may not match today's schema at all."""
    version = body.get("protocol") if isinstance(body, dict) else None
    if type(version) is not int:
        return  # the schema names the field
    if version < PROTOCOL_VERSION:
        raise ProtocolMismatch(
            True, f"This app is out of date; the server speaks protocol {PROTOCOL_VERSION}."
        )
    if version > PROTOCOL_VERSION:
        raise ProtocolMismatch(
            False, f"Unknown protocol {version}; the server speaks {PROTOCOL_VERSION}."
        )


class MutationSchema(Schema):
    """One change a device made (documentation; :func:`check_mutation` does the checking)."""

    mutation_id = fields.UUID(required=True)
    collection = fields.String(required=True)
    record_id = fields.UUID(required=True)
    op = fields.String(required=True, validate=validate.OneOf(OPS))
    base_rev = fields.Integer(required=True, allow_none=True, strict=True)
    edited_at = fields.AwareDateTime(required=True)
    data = fields.Dict()


#: A device id: printable, no spaces or control characters (NUL breaks PostgreSQL text).
DEVICE_ID = validate.And(
    validate.Length(min=1, max=36),
    validate.Regexp(r"^[\x21-\x7e]+$", error="Must be 1 to 36 printable characters."),
)


class PushRequestSchema(Schema):
    protocol = fields.Integer(required=True, strict=True)
    device_id = fields.String(required=True, validate=DEVICE_ID)
    mutations = fields.List(fields.Raw(), required=True)


class PushResultSchema(Schema):
    mutation_id = fields.String()
    status = fields.String(
        validate=validate.OneOf(("applied", "duplicate", "merged", "conflict", "rejected"))
    )
    record_id = fields.String()
    rev = fields.Integer()
    errors = fields.Dict()
    record = fields.Dict()


class PushResponseSchema(Schema):
    results = fields.List(fields.Nested(PushResultSchema))


class PullQuerySchema(Schema):
    """Pull's query string; other parameters are ignored (a cache-buster must not break sync)."""

    class Meta:
        unknown = EXCLUDE

    cursor = fields.String(validate=validate.Length(min=1, max=2000))
    limit = fields.Integer(
        load_default=DEFAULT_PULL_LIMIT,
        validate=validate.Range(min=1, max=MAX_PULL_LIMIT, error="Must be from 1 to {max}."),
    )
    device_id = fields.String(required=True, validate=DEVICE_ID)
    #: Optional on pull; when sent it is checked like push's.
    protocol = fields.Integer()


class ChangeSchema(Schema):
    collection = fields.String()
    record_id = fields.String()
    rev = fields.Integer()
    deleted = fields.Boolean()
    data = fields.Dict(allow_none=True)


class PullResponseSchema(Schema):
    changes = fields.List(fields.Nested(ChangeSchema))
    cursor = fields.String()
    has_more = fields.Boolean()
    reset = fields.Boolean()


def mutation_key(raw) -> str | None:
    """The ``mutation_id`` when it is usable as the exactly-once key, else None.

    DESIGN makes it a UUID; any printable string of 1 to 36 characters is taken, since
    refusing a usable key would only make a device's entry harder to get in.
    """
    mid = raw.get("mutation_id") if isinstance(raw, dict) else None
    if isinstance(mid, str) and 0 < len(mid) <= 36 and mid.isprintable():
        return mid
    return None


def check_mutation(raw: dict):
    """The envelope of one mutation: ``(mutation, errors)``; ``edited_at`` parsed to naive UTC."""
    errors = {}
    if not isinstance(raw, dict):
        return None, {"mutation": ["Must be an object."]}
    known = {"mutation_id", "collection", "record_id", "op", "base_rev", "edited_at", "data"}
    for name in raw:
        if name not in known:
            errors[str(name)] = ["Unknown field."]
    if not isinstance(raw.get("collection"), str):
        errors["collection"] = ["Missing or not a string."]
    if not is_uuid(raw.get("record_id")):
        errors["record_id"] = ["Must be a UUID made on the device."]
    op = raw.get("op")
    if op not in OPS:
        errors["op"] = ["Must be one of: upsert, delete."]
    base_rev = raw.get("base_rev", ...)
    if base_rev is ...:
        errors["base_rev"] = ["Missing: the rev the device last saw, or null for a new record."]
    elif base_rev is not None and (type(base_rev) is not int or base_rev < 1):
        errors["base_rev"] = ["Must be a positive integer or null."]
    edited_at = None
    try:
        edited_at = parse_instant(raw.get("edited_at"))
    except Invalid as exc:
        errors["edited_at"] = [str(exc)]
    if op == "upsert" and not isinstance(raw.get("data"), dict):
        errors["data"] = ["An upsert needs data: an object of record fields."]
    elif op == "delete" and raw.get("data") not in (None, {}):
        errors["data"] = ["A delete carries no data."]
    if errors:
        return None, errors
    mutation = dict(raw)
    mutation["edited_at"] = edited_at
    mutation["base_rev"] = base_rev
    return mutation, {}
