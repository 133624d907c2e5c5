"""The synced collections' record fields: validation of pushed data, defaults, wire form.

Written as small parser functions rather than a marshmallow schema per record: a push of 500
mutations validates 500 records, and this runs in a few microseconds each while still naming
every bad field. Values inside the engine are plain Python: instants as naive UTC
``datetime``, dates as ``date``, ``location`` as ``{"lat", "lon", "accuracy_m"}`` or None.
"""

import operator
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

VISIT_KINDS = (
    "street_presence",
    "home_visit",
    "hospital_response",
    "community_event",
    "school",
    "follow_up",
    "scene_response",
    "other",
)
CONFLICT_TYPES = (
    "group",
    "interpersonal",
    "domestic",
    "retaliation",
    "business",
    "social_media",
    "other",
)
WEAPONS_PRESENT = ("yes", "no", "unknown")
RISK_LEVELS = ("low", "medium", "high", "imminent")
OUTCOMES = ("resolved", "temporarily_resolved", "ongoing", "escalated", "referred")
NOTES_MAX = 4000
#: Times and dates outside these years are typing mistakes, and near datetime's own limits
#: (years 1 and 9999) offset arithmetic overflows.
YEARS = (1900, 2100)
INT_MAX = 1_000_000

#: Collections devices write; ``users`` and ``neighborhoods`` are read-only for them.
WRITABLE = ("visits", "mediations")
READ_ONLY = ("users", "neighborhoods")
ALL = ("users", "neighborhoods", "visits", "mediations")
#: Record keys only the server sets.
SERVER_FIELDS = frozenset(
    {"id", "rev", "seq", "deleted", "needs_review", "team_id", "organization_id", "created_at"}
)


class Invalid(ValueError):
    """A field's value is not acceptable; the message is shown to the worker."""


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")


def is_uuid(value) -> bool:
    """A UUID in its 36-character text form (a regex: ``uuid.UUID`` is 10x slower)."""
    return isinstance(value, str) and _UUID.match(value) is not None


def parse_instant(value) -> datetime:
    """An ISO 8601 time with an offset, as a naive UTC datetime."""
    if not isinstance(value, str):
        raise Invalid("Not a valid date-time.")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise Invalid("Not a valid date-time.") from None
    if parsed.tzinfo is None:
        raise Invalid("Needs an offset, like 2026-11-20T22:41:00-06:00.")
    if not YEARS[0] <= parsed.year <= YEARS[1]:
        # Also keeps offset and 72-hour arithmetic away from datetime's year 1 and 9999 edges.
        raise Invalid(f"Must be between the years {YEARS[0]} and {YEARS[1]}.")
    return parsed.astimezone(UTC).replace(tzinfo=None)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def _date(value):
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise Invalid("Not a valid date (YYYY-MM-DD).")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise Invalid("Not a valid date (YYYY-MM-DD).") from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise Invalid(f"Must be between the years {YEARS[0]} and {YEARS[1]}.")
    return day


def _int(low, high=INT_MAX):
    def parse(value):
        if type(value) is not int:
            raise Invalid("Not a valid integer.")
        if value < low or value > high:
            raise Invalid(f"Must be between {low} and {high}.")
        return value

    return parse


def _one_of(choices):
    def parse(value):
        if value not in choices:
            raise Invalid("Must be one of: " + ", ".join(choices) + ".")
        return value

    return parse


def _ref(value):
    if not is_uuid(value):
        raise Invalid("Not a valid id.")
    return value


def _notes(value):
    if not isinstance(value, str):
        raise Invalid("Not a valid string.")
    if len(value) > NOTES_MAX:
        raise Invalid(f"At most {NOTES_MAX} characters.")
    if "\x00" in value:
        # PostgreSQL cannot store NUL in text; no keyboard types one.
        raise Invalid("Must not contain NUL characters.")
    return value


def _number(value, low, high, name):
    if type(value) not in (int, float) or value != value or not low <= value <= high:
        raise Invalid(f"{name} must be a number from {low} to {high}.")
    return float(value)


def _location(value):
    if value is None:
        return None
    if not isinstance(value, dict):
        raise Invalid("Must be {lat, lon, accuracy_m} or null.")
    unknown = set(value) - {"lat", "lon", "accuracy_m"}
    if unknown:
        raise Invalid("Unknown key: " + ", ".join(sorted(unknown)) + ".")
    if "lat" not in value or "lon" not in value:
        raise Invalid("Needs lat and lon.")
    accuracy = value.get("accuracy_m")
    return {
        "lat": _number(value["lat"], -90, 90, "lat"),
        "lon": _number(value["lon"], -180, 180, "lon"),
        "accuracy_m": None if accuracy is None else _number(accuracy, 0, 1e6, "accuracy_m"),
    }


#: Per collection: field -> (parser, default on create). ``REQUIRED`` fields have no default.
REQUIRED = object()
FIELDS = {
    "visits": {
        "neighborhood_id": (_ref, REQUIRED),
        "started_at": (parse_instant, REQUIRED),
        "duration_minutes": (_int(0, 1440), 30),
        "kind": (_one_of(VISIT_KINDS), "street_presence"),
        "people_engaged": (_int(0), 0),
        "location": (_location, None),
        "notes": (_notes, ""),
    },
    "mediations": {
        "neighborhood_id": (_ref, REQUIRED),
        "occurred_at": (parse_instant, REQUIRED),
        # What the worker judged (type, risk, outcome) is never made up by the server: a lead
        # reading "medium" must know a person said so.
        "conflict_type": (_one_of(CONFLICT_TYPES), REQUIRED),
        "parties_count": (_int(2), 2),
        "weapons_present": (_one_of(WEAPONS_PRESENT), "unknown"),
        "risk_level": (_one_of(RISK_LEVELS), REQUIRED),
        "outcome": (_one_of(OUTCOMES), REQUIRED),
        # Computed from occurred_at when left out (see ``defaults``).
        "follow_up_due": (_date, REQUIRED),
        "location": (_location, None),
        "notes": (_notes, ""),
    },
}
TIME_FIELD = {"visits": "started_at", "mediations": "occurred_at"}


def validate(collection: str, data, *, create: bool, worker_id: str):
    """Parse pushed ``data``: ``(values, errors)``, errors keyed by field name.

    ``worker_id`` may be sent but must be the session user; the server sets it either way.
    """
    if not isinstance(data, dict):
        return {}, {"data": ["Must be an object of record fields."]}
    spec = FIELDS[collection]
    values, errors = {}, {}
    for name, raw in data.items():
        if name == "worker_id":
            if raw != worker_id:
                errors[name] = ["Must be your own user id (records are written by their author)."]
            continue
        field = spec.get(name)
        if field is None:
            message = (
                "Set by the server; leave it out." if name in SERVER_FIELDS else "Unknown field."
            )
            errors[str(name)] = [message]
            continue
        try:
            values[name] = field[0](raw)
        except Invalid as exc:
            errors[name] = [str(exc)]
    if create:
        for name, (_parse, default) in spec.items():
            if name in values or name in errors:
                continue
            if default is REQUIRED:
                if name != "follow_up_due":
                    errors[name] = ["Missing data for required field."]
            else:
                values[name] = default
    if not create and not values and not errors:
        errors["data"] = ["An update needs at least one changed field."]
    return values, errors


def default_follow_up(occurred_at: datetime, timezone: str) -> date:
    """DESIGN: ``follow_up_due`` defaults to 72 hours after ``occurred_at``, as a local date."""
    instant = occurred_at.replace(tzinfo=UTC) + timedelta(hours=72)
    return instant.astimezone(ZoneInfo(timezone)).date()


def apply_defaults(collection: str, values: dict, timezone: str) -> None:
    """Fill the defaults that depend on other fields (mediation follow-up date)."""
    if collection == "mediations" and "follow_up_due" not in values and "occurred_at" in values:
        values["follow_up_due"] = default_follow_up(values["occurred_at"], timezone)


def wire_value(value):
    """A field value as JSON: instants ISO 8601 with ``+00:00``, dates ``YYYY-MM-DD``."""
    if isinstance(value, datetime):
        return value.isoformat() + "+00:00"
    if isinstance(value, date):
        return value.isoformat()
    return value


_PICK = {c: (tuple(spec), operator.itemgetter(*spec)) for c, spec in FIELDS.items()}


def to_wire(collection: str, row: dict) -> dict:
    """A record's pull ``data``: every DESIGN field, ``worker_id`` and ``needs_review``.

    Pull builds a thousand of these a page, so only the two typed fields are converted.
    """
    names, pick = _PICK[collection]
    data = dict(zip(names, pick(row), strict=True))
    moment = data[TIME_FIELD[collection]]
    if moment is not None:
        data[TIME_FIELD[collection]] = moment.isoformat() + "+00:00"
    due = data.get("follow_up_due")
    if due is not None:
        data["follow_up_due"] = due.isoformat()
    data["worker_id"] = row["worker_id"]
    data["needs_review"] = bool(row.get("needs_review"))
    return data


def wire_fields(values: dict) -> dict:
    return {name: wire_value(value) for name, value in values.items()}
