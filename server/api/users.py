"""``/api/v1/users``: the roster a lead or admin may see, and the admin writes."""

from flask.views import MethodView
from flask_smorest import Blueprint

from ..admin import users as rules
from ..auth import current_user, login_required
from ..schemas.users import UserCreateSchema, UserPatchSchema, UserQuerySchema, UserSchema

blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="Users")


@blp.route("")
class Users(MethodView):
    decorators = [login_required]

    @blp.arguments(UserQuerySchema, location="query")
    @blp.response(200, UserSchema(many=True))
    def get(self, args):
        """An admin's organization (``team_id`` narrows) or a lead's team; workers get 403."""
        return rules.list_users(current_user(), args.get("team_id"))

    @blp.arguments(UserCreateSchema)
    @blp.response(201, UserSchema)
    def post(self, data):
        """Create a user in a team of the admin's organization (admins only)."""
        return rules.create_user(current_user(), data)


@blp.route("/<string:user_id>")
class UsersById(MethodView):
    decorators = [login_required]

    @blp.response(200, UserSchema)
    def get(self, user_id):
        """One user: themselves, their team's leads, their organization's admins."""
        return rules.get_user(current_user(), user_id)

    @blp.arguments(UserPatchSchema)
    @blp.response(200, UserSchema)
    def patch(self, data, user_id):
        """Change a user; deactivating or a new password ends their sessions (admins only)."""
        return rules.update_user(current_user(), user_id, data)
