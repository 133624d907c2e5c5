"""Assignments: a worker's own neighborhoods, from a start date to an optional end date."""

from marshmallow import Schema, ValidationError, fields, validates_schema

from .pagination import UtcDateTime


class AssignmentSchema(Schema):
    id = fields.String()
    user_id = fields.String()
    neighborhood_id = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date(allow_none=True)
    created_at = UtcDateTime()


class AssignmentQuerySchema(Schema):
    user_id = fields.String()
    neighborhood_id = fields.String()


class AssignmentCreateSchema(Schema):
    user_id = fields.String(required=True)
    neighborhood_id = fields.String(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(allow_none=True, load_default=None)

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            raise ValidationError("ends_on must not be before starts_on.", "ends_on")


class AssignmentPatchSchema(Schema):
    ends_on = fields.Date(required=True, allow_none=True)
