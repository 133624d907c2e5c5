"""Users: the profile the API shows (never a password hash) and what an admin may send."""

from marshmallow import Schema, fields, validate

from ..models.org import ROLES
from .pagination import UtcDateTime

USERNAME = validate.Regexp(
    r"^[A-Za-z0-9._-]{2,80}$", error="2 to 80 letters, digits, dots, dashes or underscores."
)
DISPLAY_NAME = validate.Length(min=1, max=120)
# Long enough to resist guessing; length beats composition rules (NIST SP 800-63B, 5.1.1.2).
PASSWORD = validate.Length(min=10, max=1024)


class UserSchema(Schema):
    id = fields.String()
    rev = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    team_id = fields.String()
    active = fields.Boolean()
    updated_at = UtcDateTime()


class UserQuerySchema(Schema):
    team_id = fields.String()


class UserCreateSchema(Schema):
    username = fields.String(required=True, validate=USERNAME)
    display_name = fields.String(required=True, validate=DISPLAY_NAME)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    team_id = fields.String(required=True)
    password = fields.String(required=True, load_only=True, validate=PASSWORD)


class UserPatchSchema(Schema):
    display_name = fields.String(validate=DISPLAY_NAME)
    role = fields.String(validate=validate.OneOf(ROLES))
    team_id = fields.String()
    active = fields.Boolean()
    password = fields.String(load_only=True, validate=PASSWORD)
