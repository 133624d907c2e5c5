"""Query arguments of the reports and exports, and the shapes of their answers (for OpenAPI)."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

#: The longest range a report covers: a year, leap day included.
MAX_DAYS = 366


def check_range(data: dict) -> None:
    """``start`` <= ``end`` and at most ``MAX_DAYS`` days; errors name the field."""
    start, end = data.get("start"), data.get("end")
    if start is None or end is None:
        return
    if start > end:
        raise ValidationError("Must not be before start.", "end")
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationError(f"The range may span at most {MAX_DAYS} days.", "end")


class TeamArgs(Schema):
    team_id = fields.String(metadata={"description": "Defaults to the user's own team."})


class RangeArgs(TeamArgs):
    start = fields.Date(required=True, metadata={"description": "First local date, included."})
    end = fields.Date(required=True, metadata={"description": "Last local date, included."})

    @validates_schema
    def _range(self, data, **kwargs):
        check_range(data)


class RegionArgs(Schema):
    """Only a range: no team, neighborhood or worker filter narrows the region's aggregates."""

    start = fields.Date(
        required=True, metadata={"description": "Widened to the first day of its local month."}
    )
    end = fields.Date(
        required=True, metadata={"description": "Widened to the last day of its local month."}
    )

    @validates_schema
    def _range(self, data, **kwargs):
        check_range(data)


class WeeklyArgs(TeamArgs):
    weeks = fields.Integer(load_default=8, validate=validate.Range(1, 26))


class DevicesArgs(TeamArgs):
    hours = fields.Integer(load_default=48, validate=validate.Range(1, 24 * 366))


class ExportArgs(TeamArgs):
    start = fields.Date()
    end = fields.Date()
    neighborhood_id = fields.String()
    worker_id = fields.String()

    @validates_schema
    def _range(self, data, **kwargs):
        check_range(data)


class ExportBookArgs(TeamArgs):
    start = fields.Date()
    end = fields.Date()

    @validates_schema
    def _range(self, data, **kwargs):
        check_range(data)


class NeighborhoodCoverage(Schema):
    neighborhood_id = fields.String()
    name = fields.String()
    code = fields.String()
    target_visits_per_week = fields.Integer()
    visits = fields.Integer()
    workers = fields.Integer()
    minutes = fields.Integer()
    people_engaged = fields.Integer()
    mediations = fields.Integer()
    night_visits = fields.Integer()
    weekend_visits = fields.Integer(
        metadata={"description": "Visits that started on a Saturday or Sunday, local time."}
    )
    last_visit_at = fields.String(allow_none=True)
    target_visits = fields.Float()
    coverage_ratio = fields.Float(allow_none=True)


class WorkerActivity(Schema):
    worker_id = fields.String()
    name = fields.String()
    visits = fields.Integer()
    mediations = fields.Integer()
    minutes = fields.Integer()
    last_sync_at = fields.String(allow_none=True)


class CoverageTotals(Schema):
    neighborhoods = fields.Integer()
    visits = fields.Integer()
    workers = fields.Integer()
    minutes = fields.Integer()
    people_engaged = fields.Integer()
    mediations = fields.Integer()
    night_visits = fields.Integer()
    weekend_visits = fields.Integer(
        metadata={"description": "Visits that started on a Saturday or Sunday, local time."}
    )
    target_visits = fields.Float()
    coverage_ratio = fields.Float(allow_none=True)
    last_visit_at = fields.String(allow_none=True)


class CoverageReport(Schema):
    team_id = fields.String()
    start = fields.String()
    end = fields.String()
    days = fields.Integer()
    timezone = fields.String()
    neighborhoods = fields.List(fields.Nested(NeighborhoodCoverage))
    workers = fields.List(fields.Nested(WorkerActivity))
    totals = fields.Nested(CoverageTotals)


class WeekFigures(Schema):
    start = fields.String(metadata={"description": "The local Monday the week starts on."})
    visits = fields.Integer()
    night_visits = fields.Integer()
    weekend_visits = fields.Integer(
        metadata={"description": "Visits that started on a Saturday or Sunday, local time."}
    )
    mediations = fields.Integer()


class NeighborhoodWeeks(Schema):
    neighborhood_id = fields.String()
    name = fields.String()
    target_visits_per_week = fields.Integer()
    weeks = fields.List(fields.Nested(WeekFigures))


class WeeklyReport(Schema):
    team_id = fields.String()
    weeks = fields.List(fields.String(), metadata={"description": "The weeks' local Mondays."})
    neighborhoods = fields.List(fields.Nested(NeighborhoodWeeks))
