"""Neighborhoods: the outline (GeoJSON), the weekly target and the priority."""

from marshmallow import Schema, ValidationError, fields, validate

from .pagination import UtcDateTime


class Geometry(fields.Raw):
    """A GeoJSON Polygon or MultiPolygon, or null, checked by ``server.geojson``."""

    def _deserialize(self, value, attr, data, **kwargs):
        from ..geojson import GeometryError, validate_geometry

        try:
            return validate_geometry(value)
        except GeometryError as error:
            raise ValidationError(str(error)) from None


NAME = validate.Length(min=1, max=120)
CODE = validate.Length(min=1, max=40)
TARGET = validate.Range(min=0, max=1000)
PRIORITY = validate.Range(min=1, max=3)


class NeighborhoodSchema(Schema):
    id = fields.String()
    rev = fields.Integer()
    team_id = fields.String()
    name = fields.String()
    code = fields.String()
    geometry = fields.Raw(allow_none=True)
    target_visits_per_week = fields.Integer()
    priority = fields.Integer()
    program_started_on = fields.Date(allow_none=True)
    updated_at = UtcDateTime()


class NeighborhoodQuerySchema(Schema):
    team_id = fields.String()


class NeighborhoodPatchSchema(Schema):
    team_id = fields.String()
    name = fields.String(validate=NAME)
    code = fields.String(validate=CODE)
    geometry = Geometry(allow_none=True)
    target_visits_per_week = fields.Integer(validate=TARGET)
    priority = fields.Integer(validate=PRIORITY)
    program_started_on = fields.Date(allow_none=True)


class NeighborhoodCreateSchema(NeighborhoodPatchSchema):
    team_id = fields.String(required=True)
    name = fields.String(required=True, validate=NAME)
    code = fields.String(required=True, validate=CODE)
    geometry = Geometry(allow_none=True, load_default=None)
    target_visits_per_week = fields.Integer(load_default=0, validate=TARGET)
    priority = fields.Integer(load_default=2, validate=PRIORITY)
    program_started_on = fields.Date(allow_none=True, load_default=None)
