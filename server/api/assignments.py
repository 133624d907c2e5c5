"""``/api/v1/assignments``: which neighborhoods are a worker's own, and the admin writes."""

from flask.views import MethodView
from flask_smorest import Blueprint

from ..admin import assignments as rules
from ..auth import current_user, login_required
from ..schemas.assignments import (
    AssignmentCreateSchema,
    AssignmentPatchSchema,
    AssignmentQuerySchema,
    AssignmentSchema,
)

blp = Blueprint(
    "assignments", __name__, url_prefix="/api/v1/assignments", description="Assignments"
)


@blp.route("")
class Assignments(MethodView):
    decorators = [login_required]

    @blp.arguments(AssignmentQuerySchema, location="query")
    @blp.response(200, AssignmentSchema(many=True))
    def get(self, args):
        """Assignments: a worker's own, a lead's team's, an admin's organization's."""
        return rules.list_assignments(current_user(), **args)

    @blp.arguments(AssignmentCreateSchema)
    @blp.response(201, AssignmentSchema)
    def post(self, data):
        """Assign a neighborhood to a worker of the same team (admins only)."""
        return rules.create_assignment(current_user(), data)


@blp.route("/<string:assignment_id>")
class AssignmentsById(MethodView):
    decorators = [login_required]

    @blp.response(200, AssignmentSchema)
    def get(self, assignment_id):
        """One assignment: its worker, the team's leads, the organization's admins."""
        return rules.get_assignment(current_user(), assignment_id)

    @blp.arguments(AssignmentPatchSchema)
    @blp.response(200, AssignmentSchema)
    def patch(self, data, assignment_id):
        """End an assignment, or reopen it with ``ends_on: null`` (admins only)."""
        return rules.update_assignment(current_user(), assignment_id, data)

    @blp.response(204)
    def delete(self, assignment_id):
        """Remove an assignment made by mistake (admins only)."""
        rules.delete_assignment(current_user(), assignment_id)
