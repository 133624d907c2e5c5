"""``/api/v1/neighborhoods``: a team's neighborhoods with their outlines, and the admin writes."""

from flask.views import MethodView
from flask_smorest import Blueprint

from ..admin import neighborhoods as rules
from ..auth import current_user, login_required
from ..schemas.neighborhoods import (
    NeighborhoodCreateSchema,
    NeighborhoodPatchSchema,
    NeighborhoodQuerySchema,
    NeighborhoodSchema,
)

blp = Blueprint(
    "neighborhoods", __name__, url_prefix="/api/v1/neighborhoods", description="Neighborhoods"
)


@blp.route("")
class Neighborhoods(MethodView):
    decorators = [login_required]

    @blp.arguments(NeighborhoodQuerySchema, location="query")
    @blp.response(200, NeighborhoodSchema(many=True))
    def get(self, args):
        """The team's neighborhoods (an admin's organization's; ``team_id`` narrows)."""
        return rules.list_neighborhoods(current_user(), args.get("team_id"))

    @blp.arguments(NeighborhoodCreateSchema)
    @blp.response(201, NeighborhoodSchema)
    def post(self, data):
        """Create a neighborhood in a team of the admin's organization (admins only)."""
        return rules.create_neighborhood(current_user(), data)


@blp.route("/<string:neighborhood_id>")
class NeighborhoodsById(MethodView):
    decorators = [login_required]

    @blp.response(200, NeighborhoodSchema)
    def get(self, neighborhood_id):
        """One neighborhood with its GeoJSON geometry."""
        return rules.get_neighborhood(current_user(), neighborhood_id)

    @blp.arguments(NeighborhoodPatchSchema)
    @blp.response(200, NeighborhoodSchema)
    def patch(self, data, neighborhood_id):
        """Change a neighborhood's outline, target, priority or team (admins only)."""
        return rules.update_neighborhood(current_user(), neighborhood_id, data)
