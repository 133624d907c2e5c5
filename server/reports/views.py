"""``/api/v1/reports``: what team leads review every day, and the region's aggregates."""

from flask.views import MethodView
from flask_smorest import Blueprint

from .access import leads_only, region_only, team_for
from .coverage import coverage
from .devices import silent_devices
from .mediations import mediations_report
from .region import region
from .schemas import CoverageReport, DevicesArgs, RangeArgs, RegionArgs, WeeklyArgs, WeeklyReport
from .weekly import weekly

blp = Blueprint(
    "reports", __name__, url_prefix="/api/v1/reports", description="Coverage reports for leads"
)


@blp.route("/coverage")
class Coverage(MethodView):
    decorators = [leads_only]

    @blp.arguments(RangeArgs, location="query")
    @blp.response(200, CoverageReport)
    def get(self, args):
        """Coverage of every neighborhood against its target, and activity per worker."""
        team = team_for(args.get("team_id"))
        return coverage(team.id, args["start"], args["end"])


@blp.route("/weekly")
class Weekly(MethodView):
    decorators = [leads_only]

    @blp.arguments(WeeklyArgs, location="query")
    @blp.response(200, WeeklyReport)
    def get(self, args):
        """Visits (at night, at weekends) and mediations per neighborhood for the last N weeks."""
        team = team_for(args.get("team_id"))
        return weekly(team.id, args["weeks"])


@blp.route("/mediations")
class Mediations(MethodView):
    decorators = [leads_only]

    @blp.arguments(RangeArgs, location="query")
    @blp.response(200)
    def get(self, args):
        """Mediations by risk and outcome, and their follow-ups (due and overdue)."""
        team = team_for(args.get("team_id"))
        return mediations_report(team.id, args["start"], args["end"])


@blp.route("/devices")
class Devices(MethodView):
    decorators = [leads_only]

    @blp.arguments(DevicesArgs, location="query")
    @blp.response(200)
    def get(self, args):
        """The team's devices that have not synced for ``hours`` hours."""
        team = team_for(args.get("team_id"))
        return silent_devices(team.id, args["hours"])


@blp.route("/region")
class Region(MethodView):
    decorators = [region_only]

    @blp.arguments(RegionArgs, location="query")
    @blp.response(200)
    def get(self, args):
        """Zone-month aggregates across all organizations (admins; counts under 5 withheld)."""
        return region(args["start"], args["end"])
