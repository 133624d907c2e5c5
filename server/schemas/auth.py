"""Sign-in request and session answer."""

from marshmallow import Schema, fields, validate


class LoginSchema(Schema):
    username = fields.String(
        required=True,
        validate=[
            validate.Length(min=1, max=80),
            validate.Regexp(r"^[^\x00]*$", error="Must not contain NUL characters."),
        ],
    )
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(min=1, max=1024)
    )


class SessionUserSchema(Schema):
    id = fields.String()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    team_id = fields.String()


class SessionSchema(Schema):
    user = fields.Nested(SessionUserSchema)
    csrf_token = fields.String()
