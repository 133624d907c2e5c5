"""Visits and mediations as the read API shows them, and the filters of their lists."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..models.records import OUTCOMES, RISK_LEVELS, VISIT_KINDS
from .pagination import PageArgsSchema, UtcDateTime, page_schema


class LocationSchema(Schema):
    lat = fields.Float()
    lon = fields.Float()
    accuracy_m = fields.Float(allow_none=True)


def _location(record) -> dict | None:
    if record.location_lat is None or record.location_lon is None:
        return None
    return {
        "lat": record.location_lat,
        "lon": record.location_lon,
        "accuracy_m": record.location_accuracy_m,
    }


class RecordSchema(Schema):
    """What visits and mediations share: sync columns, author, place, notes, review flag."""

    id = fields.String()
    rev = fields.Integer()
    neighborhood_id = fields.String()
    worker_id = fields.String()
    location = fields.Function(_location, metadata={"type": "object", "nullable": True})
    notes = fields.String()
    needs_review = fields.Boolean()
    deleted = fields.Boolean()
    created_at = UtcDateTime()
    updated_at = UtcDateTime()


class VisitSchema(RecordSchema):
    started_at = UtcDateTime()
    duration_minutes = fields.Integer()
    kind = fields.String()
    people_engaged = fields.Integer()


class MediationSchema(RecordSchema):
    occurred_at = UtcDateTime()
    conflict_type = fields.String()
    parties_count = fields.Integer()
    weapons_present = fields.String()
    risk_level = fields.String()
    outcome = fields.String()
    follow_up_due = fields.Date(allow_none=True)


class RecordQuerySchema(PageArgsSchema):
    team_id = fields.String()
    neighborhood_id = fields.String()
    worker_id = fields.String()
    start = fields.Date(metadata={"description": "First local date (FIELDBOOK_TIMEZONE)."})
    end = fields.Date(metadata={"description": "Last local date, included."})
    include_deleted = fields.Boolean(load_default=False)

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError("end must not be before start.", "end")


class VisitQuerySchema(RecordQuerySchema):
    kind = fields.String(validate=validate.OneOf(VISIT_KINDS))


class MediationQuerySchema(RecordQuerySchema):
    outcome = fields.String(validate=validate.OneOf(OUTCOMES))
    risk_level = fields.String(validate=validate.OneOf(RISK_LEVELS))


VisitPageSchema = page_schema(VisitSchema, "VisitPage")
MediationPageSchema = page_schema(MediationSchema, "MediationPage")
