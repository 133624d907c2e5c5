"""``/api/v1/visits`` and ``/api/v1/mediations``: the read side of the field records.

Records are written only through sync push; their history routes belong to the sync API.
"""

from flask.views import MethodView
from flask_smorest import Blueprint

from ..admin import records as rules
from ..auth import current_user, login_required
from ..models import Mediation, Visit
from ..schemas.records import (
    MediationPageSchema,
    MediationQuerySchema,
    MediationSchema,
    VisitPageSchema,
    VisitQuerySchema,
    VisitSchema,
)

blp = Blueprint("records", __name__, url_prefix="/api/v1", description="Visits and mediations")


@blp.route("/visits")
class Visits(MethodView):
    decorators = [login_required]

    @blp.arguments(VisitQuerySchema, location="query")
    @blp.response(200, VisitPageSchema)
    def get(self, args):
        """A page of visits: a worker's own, a lead's team's, an admin's organization's."""
        return rules.list_records(Visit, current_user(), args)


@blp.route("/visits/<string:record_id>")
class VisitsById(MethodView):
    decorators = [login_required]

    @blp.response(200, VisitSchema)
    def get(self, record_id):
        """One visit: its author, their lead, their organization's admins."""
        return rules.get_record(Visit, current_user(), record_id)


@blp.route("/mediations")
class Mediations(MethodView):
    decorators = [login_required]

    @blp.arguments(MediationQuerySchema, location="query")
    @blp.response(200, MediationPageSchema)
    def get(self, args):
        """A page of mediations: a worker's own, a lead's team's, an admin's organization's."""
        return rules.list_records(Mediation, current_user(), args)


@blp.route("/mediations/<string:record_id>")
class MediationsById(MethodView):
    decorators = [login_required]

    @blp.response(200, MediationSchema)
    def get(self, record_id):
        """One mediation: its author, their lead, their organization's admins."""
        return rules.get_record(Mediation, current_user(), record_id)
