"""The set-up commands: each does its one job, and bad input changes nothing."""

import json
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from server.auth import verify_password
from server.changes import current_seq
from server.cli import cli
from server.extensions import db
from server.models import Assignment, Neighborhood, Organization, Team, User

SQUARE = [[-89.7, 40.3], [-89.69, 40.3], [-89.69, 40.31], [-89.7, 40.31], [-89.7, 40.3]]
DESIGN_COMMANDS = [
    "serve",
    "init-db",
    "seed-demo",
    "create-org",
    "create-team",
    "create-user",
    "import-neighborhoods",
    "assign",
]


def snapshot():
    """Every row of every table, to show that a refused command changed nothing."""
    db.session.expire_all()
    return {
        table.name: sorted(map(repr, db.session.execute(select(table)).all()))
        for table in db.metadata.sorted_tables
    }


def refused(runner, args, message, **kw):
    """Run a command expected to refuse; assert one clear line, exit 1, and no change."""
    before = snapshot()
    result = runner.invoke(args=args, **kw)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert snapshot() == before
    return result


def feature(code, geometry=None, **properties):
    return {
        "type": "Feature",
        "properties": {"name": f"Place {code}", "code": code, **properties},
        "geometry": geometry,
    }


def geojson_file(tmp_path, *features, name="areas.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}))
    return str(path)


@pytest.fixture
def team(make):
    return make.team(name="North", org=make.org(name="City"))


def fieldbook(args, tmp_path):
    """The real console script's group, as a shell would run it (no database needed)."""
    env = {"FIELDBOOK_DATABASE_URL": f"sqlite:///{tmp_path / 'help.sqlite'}"}
    return CliRunner().invoke(cli, args, env=env, prog_name="fieldbook")


def test_fieldbook_help_lists_every_command_of_the_design(tmp_path):
    result = fieldbook(["--help"], tmp_path)
    assert result.exit_code == 0, result.output
    listed = {line.split()[0] for line in result.output.splitlines() if line.startswith("  ")}
    assert set(DESIGN_COMMANDS + ["run", "shell"]) <= listed


@pytest.mark.parametrize("command", DESIGN_COMMANDS)
def test_every_command_has_help(tmp_path, command):
    result = fieldbook([command, "--help"], tmp_path)
    assert result.exit_code == 0
    assert "Usage:" in result.output
    summary = result.output.split("\n\n")[1].strip()
    assert len(summary) > 15, result.output


def test_create_org_and_team(runner):
    assert runner.invoke(args=["create-org", "City of Carver Falls"]).exit_code == 0
    result = runner.invoke(args=["create-team", "Northside", "--org", "City of Carver Falls"])
    assert result.exit_code == 0, result.output
    team = db.session.scalar(select(Team).where(Team.name == "Northside"))
    assert team.organization.name == "City of Carver Falls"


def test_duplicate_org_is_refused(runner, make):
    make.org(name="City")
    refused(runner, ["create-org", "city"], "organization 'city' already exists")


def test_empty_org_name_is_refused(runner):
    refused(runner, ["create-org", "  "], "organization name must not be empty")


def test_team_of_unknown_org_is_refused(runner):
    refused(runner, ["create-team", "North", "--org", "Nowhere"], "unknown organization 'Nowhere'")


def test_duplicate_team_is_refused(runner, team):
    refused(runner, ["create-team", "North", "--org", "City"], "team 'North' already exists")


def test_create_user_reads_the_password_from_stdin_and_stamps_the_user(runner, team):
    seq = current_seq()
    result = runner.invoke(
        args=["create-user", "ana", "--role", "worker", "--team", "North", "--display-name", "Ana"],
        input="a long enough secret\nignored second line\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "ana"))
    assert (user.role, user.display_name, user.team_id) == ("worker", "Ana", team.id)
    assert user.organization_id == team.organization_id
    assert verify_password(user.password_hash, "a long enough secret")
    assert (user.rev, user.seq) == (1, seq + 1)


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["--role", "boss", "--team", "North"], "a long enough secret", "unknown role 'boss'"),
        (["--role", "lead", "--team", "South"], "a long enough secret", "unknown team 'South'"),
        (["--role", "lead", "--team", "North"], "", "the password is empty"),
        (["--role", "lead", "--team", "North"], "short pw\n", "shorter than 10 characters"),
    ],
)
def test_bad_user_input_is_refused(runner, team, args, password, message):
    refused(runner, ["create-user", "bo", *args], message, input=password)


def test_duplicate_user_is_refused(runner, make, team):
    make.user(username="ana", team=team)
    args = ["create-user", "Ana", "--role", "lead", "--team", "North"]
    refused(runner, args, "user 'Ana' already exists", input="a long enough secret\n")


def test_import_neighborhoods_adds_every_feature_with_seqs(runner, team, tmp_path):
    polygon = {"type": "Polygon", "coordinates": [SQUARE]}
    path = geojson_file(
        tmp_path,
        feature(
            "N-1", polygon, target_visits_per_week=6, priority=1, program_started_on="2026-02-01"
        ),
        feature("N-2"),
    )
    seq = current_seq()
    result = runner.invoke(args=["import-neighborhoods", path, "--team", "North"])
    assert result.exit_code == 0, result.output
    assert "Imported 2 neighborhood(s)" in result.output
    rows = db.session.scalars(select(Neighborhood).order_by(Neighborhood.code)).all()
    assert [(n.code, n.target_visits_per_week, n.priority) for n in rows] == [
        ("N-1", 6, 1),
        ("N-2", 0, 2),
    ]
    assert rows[0].geometry == polygon and rows[1].geometry is None
    assert rows[0].program_started_on == date(2026, 2, 1)
    assert all(n.team_id == team.id and n.organization_id == team.organization_id for n in rows)
    assert sorted(n.seq for n in rows) == [seq + 1, seq + 2]
    assert {n.rev for n in rows} == {1}


def test_import_with_one_bad_feature_imports_none(runner, team, tmp_path):
    bad = {"type": "Polygon", "coordinates": [SQUARE[:4]]}
    path = geojson_file(tmp_path, feature("N-1"), feature("N-2", bad), feature("N-3"))
    refused(
        runner,
        ["import-neighborhoods", path, "--team", "North"],
        "feature 1 (N-2): polygon ring 0: the ring is not closed",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"type": "FeatureCollection", "features": []}', "has no features"),
        ('{"type": "FeatureCollection", "features": [{"type": "Feature"}]}', "feature 0"),
    ],
)
def test_malformed_or_incomplete_geojson_is_refused(runner, team, tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content)
    refused(runner, ["import-neighborhoods", str(path), "--team", "North"], message)


def test_import_into_unknown_team_is_refused(runner, team, tmp_path):
    path = geojson_file(tmp_path, feature("N-1"))
    refused(runner, ["import-neighborhoods", path, "--team", "South"], "unknown team 'South'")


def test_import_of_a_code_the_team_has_is_refused(runner, make, team, tmp_path):
    make.neighborhood(team=team, code="N-2")
    path = geojson_file(tmp_path, feature("N-1"), feature("N-2"))
    refused(
        runner,
        ["import-neighborhoods", path, "--team", "North"],
        "team 'North' already has neighborhood code(s) N-2",
    )


@pytest.fixture
def worker(make, team):
    return make.user(username="ana", team=team)


def test_assign_marks_neighborhoods_and_stamps_them(runner, make, team, worker):
    first = make.neighborhood(team=team, code="N-1")
    second = make.neighborhood(team=team, code="N-2")
    make.neighborhood(team=team, code="N-3")
    seq = current_seq()
    result = runner.invoke(args=["assign", "ana", "N-1", "N-2", "--from", "2026-11-02"])
    assert result.exit_code == 0, result.output
    rows = db.session.scalars(select(Assignment).order_by(Assignment.starts_on)).all()
    assert {a.neighborhood_id for a in rows} == {first.id, second.id}
    assert {(a.user_id, a.starts_on, a.ends_on) for a in rows} == {
        (worker.id, date(2026, 11, 2), None)
    }
    db.session.refresh(first)
    db.session.refresh(second)
    assert (first.rev, second.rev) == (2, 2)
    assert {first.seq, second.seq} == {seq + 1, seq + 2}


def test_assign_again_keeps_the_existing_assignment(runner, make, team, worker):
    make.neighborhood(team=team, code="N-1")
    assert runner.invoke(args=["assign", "ana", "N-1"]).exit_code == 0
    result = runner.invoke(args=["assign", "ana", "N-1"])
    assert result.exit_code == 0
    assert "(1 already assigned)" in result.output
    assert len(db.session.scalars(select(Assignment)).all()) == 1


def test_assign_with_one_unknown_code_assigns_none(runner, make, team, worker):
    make.neighborhood(team=team, code="N-1")
    refused(runner, ["assign", "ana", "N-1", "N-9"], "no neighborhood N-9 in team 'North'")


def test_assign_of_another_teams_neighborhood_is_refused(runner, make, team, worker):
    make.neighborhood(
        code="N-1", team=make.team(org=db.session.get(Organization, team.organization_id))
    )
    refused(runner, ["assign", "ana", "N-1"], "no neighborhood N-1 in team 'North'")


def test_assign_to_a_lead_is_refused(runner, make, team):
    make.user(username="lee", role="lead", team=team)
    make.neighborhood(team=team, code="N-1")
    refused(runner, ["assign", "lee", "N-1"], "user 'lee' is a lead, not a worker")


def test_assign_to_unknown_user_is_refused(runner, make, team):
    make.neighborhood(team=team, code="N-1")
    refused(runner, ["assign", "nobody", "N-1"], "unknown user 'nobody'")


def test_assign_with_a_bad_date_is_refused(runner, make, team, worker):
    make.neighborhood(team=team, code="N-1")
    refused(runner, ["assign", "ana", "N-1", "--from", "next monday"], "--from must be a date")


def test_missing_file_is_refused_in_one_line(runner, team, tmp_path):
    missing = str(tmp_path / "nowhere.geojson")
    refused(runner, ["import-neighborhoods", missing, "--team", "North"], "cannot read it")


def test_database_without_schema_is_reported_in_one_line(runner):
    db.drop_all()
    result = runner.invoke(args=["create-org", "City"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "has `fieldbook init-db` been run?" in lines[0]
