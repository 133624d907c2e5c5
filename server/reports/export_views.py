"""``/api/v1/exports``: a team's records as files, for leads (their team) and admins (their org).

Every export is written to the audit log (who, what filters, how many rows) before it is sent.
"""

import json
import tempfile
from pathlib import Path

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import current_user
from .access import leads_only, team_for
from .book import build_book
from .exports import audit, geojson, records, to_csv
from .schemas import ExportArgs, ExportBookArgs, RangeArgs
from .timezone import zone

blp = Blueprint(
    "exports", __name__, url_prefix="/api/v1/exports", description="Exports for leads, audited"
)


def _filename(stem: str, args: dict, suffix: str) -> str:
    dates = [args[k].isoformat() for k in ("start", "end") if args.get(k)]
    return "-".join(["fieldbook", stem, *dates]) + suffix


def _attachment(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _csv(kind: str, args: dict) -> Response:
    team = team_for(args.get("team_id"))
    tz = zone()
    rows = records(kind, team.id, args, tz)
    body = to_csv(kind, rows, tz)
    filename = _filename(kind, args, ".csv")
    audit(current_user(), f"export.{kind}.csv", {**args, "team_id": team.id}, len(rows))
    return _attachment(body, "text/csv", filename)


@blp.route("/visits.csv")
class VisitsCsv(MethodView):
    decorators = [leads_only]

    @blp.arguments(ExportArgs, location="query")
    @blp.response(200, content_type="text/csv", description="A CSV attachment.")
    def get(self, args):
        """The team's visits as CSV (filters: start, end, neighborhood_id, worker_id)."""
        return _csv("visits", args)


@blp.route("/mediations.csv")
class MediationsCsv(MethodView):
    decorators = [leads_only]

    @blp.arguments(ExportArgs, location="query")
    @blp.response(200, content_type="text/csv", description="A CSV attachment.")
    def get(self, args):
        """The team's mediations as CSV (filters: start, end, neighborhood_id, worker_id)."""
        return _csv("mediations", args)


@blp.route("/neighborhoods.geojson")
class NeighborhoodsGeojson(MethodView):
    decorators = [leads_only]

    @blp.arguments(RangeArgs, location="query")
    @blp.response(200, content_type="application/geo+json", description="A FeatureCollection.")
    def get(self, args):
        """The team's neighborhoods as GeoJSON, with coverage figures for the range."""
        team = team_for(args.get("team_id"))
        collection = geojson(team.id, args["start"], args["end"], zone())
        rows = len(collection["features"])
        audit(current_user(), "export.neighborhoods.geojson", {**args, "team_id": team.id}, rows)
        body = json.dumps(collection)
        filename = _filename("neighborhoods", args, ".geojson")
        return _attachment(body, "application/geo+json", filename)


@blp.route("/fieldbook.sqlite")
class FieldbookSqlite(MethodView):
    decorators = [leads_only]

    @blp.arguments(ExportBookArgs, location="query")
    @blp.response(200, content_type="application/vnd.sqlite3", description="A SQLite file.")
    def get(self, args):
        """The team's book as a SQLite file (opens in Datasette; full-text search on notes)."""
        team = team_for(args.get("team_id"))
        with tempfile.TemporaryDirectory(prefix="fieldbook-export-") as directory:
            path = Path(directory) / "fieldbook.sqlite"
            counts = build_book(path, team.id, args, zone())
            body = path.read_bytes()
        rows = counts["visits"] + counts["mediations"]
        detail = {**args, "team_id": team.id, "tables": counts}
        audit(current_user(), "export.fieldbook.sqlite", detail, rows)
        return _attachment(body, "application/vnd.sqlite3", _filename("book", args, ".sqlite"))
