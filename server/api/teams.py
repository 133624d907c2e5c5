"""``/api/v1/teams``: the teams a user may see, and the admin writes."""

from flask.views import MethodView
from flask_smorest import Blueprint

from ..admin import teams as rules
from ..auth import current_user, login_required
from ..schemas.teams import TeamPatchSchema, TeamSchema

blp = Blueprint("teams", __name__, url_prefix="/api/v1/teams", description="Teams")


@blp.route("")
class Teams(MethodView):
    decorators = [login_required]

    @blp.response(200, TeamSchema(many=True))
    def get(self):
        """The teams of an admin's organization, or a lead's or worker's own team."""
        return rules.list_teams(current_user())

    @blp.arguments(TeamSchema)
    @blp.response(201, TeamSchema)
    def post(self, data):
        """Create a team in the admin's organization (admins only)."""
        return rules.create_team(current_user(), data)


@blp.route("/<string:team_id>")
class TeamsById(MethodView):
    decorators = [login_required]

    @blp.response(200, TeamSchema)
    def get(self, team_id):
        """One team: its members and its organization's admins."""
        return rules.get_team(current_user(), team_id)

    @blp.arguments(TeamPatchSchema)
    @blp.response(200, TeamSchema)
    def patch(self, data, team_id):
        """Rename a team (admins of its organization)."""
        return rules.update_team(current_user(), team_id, data)
