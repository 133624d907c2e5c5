"""The README tells the truth: every Fieldbook command and every API route is documented there."""

import re
from pathlib import Path

import pytest

from server import create_app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
#: Flask's own commands, Flask-Migrate's ``db`` and flask-smorest's ``openapi``.
FRAMEWORK_COMMANDS = {"run", "shell", "routes", "db", "openapi"}


@pytest.fixture(scope="module")
def bare_app():
    """The app's commands and routes; no database is touched."""
    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "docs"})


def test_readme_starts_with_the_two_commands():
    commands = re.findall(r"^make (\w+)", README.split("## ", 1)[0], flags=re.MULTILINE)
    assert commands == ["demo", "test"]


def test_every_command_is_in_the_readme(bare_app):
    ours = sorted(set(bare_app.cli.commands) - FRAMEWORK_COMMANDS)
    assert ours, "no commands registered"
    missing = [name for name in ours if f"`fieldbook {name}" not in README]
    assert missing == []


def _documented(rule: str) -> bool:
    # The README's API table names paths relative to /api/v1, ids as {id}, and {a,b} for
    # alternatives.
    path = re.sub(r"<any\(([^)]*)\):\w+>", lambda m: "{" + m[1].replace(" ", "") + "}", rule)
    path = re.sub(r"<(?:\w+:)?\w+>", "{id}", path.removeprefix("/api/v1"))
    if path in README:
        return True
    for alternatives in re.findall(r"`[A-Z ]*(/[^`]*\{[a-z_]+,[a-z_,]+\}[^`]*)`", README):
        start, choices, end = re.match(r"(.*?)\{([a-z_,]+)\}(.*)", alternatives).groups()
        if any(path == f"{start}{choice}{end}" for choice in choices.split(",")):
            return True
    return False


def test_every_api_route_is_in_the_readme(bare_app):
    rules = sorted({r.rule for r in bare_app.url_map.iter_rules() if r.rule.startswith("/api/v1/")})
    assert len(rules) > 20
    missing = [rule for rule in rules if not _documented(rule)]
    assert missing == []
