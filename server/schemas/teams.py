"""Teams: what the API shows and what an admin may send."""

from marshmallow import Schema, fields, validate

NAME = validate.Length(min=1, max=120)


class TeamSchema(Schema):
    id = fields.String(dump_only=True)
    name = fields.String(required=True, validate=NAME)
    organization_id = fields.String(dump_only=True)


class TeamPatchSchema(Schema):
    name = fields.String(validate=NAME)
