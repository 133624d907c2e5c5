"""``create_app``: code defaults, then ``FIELDBOOK_*`` environment, then the test's dict."""

import pytest

from server import config as settings
from server import create_app


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No ``FIELDBOOK_*`` from the machine, and an instance folder of the test's own."""
    for name in settings.ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FIELDBOOK_INSTANCE_PATH", str(tmp_path / "instance"))
    return monkeypatch


def test_code_defaults_apply_without_environment_or_mapping(clean_env, tmp_path):
    app = create_app()
    assert app.config["FIELDBOOK_TIMEZONE"] == "America/Chicago"
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    assert uri == "sqlite:///" + str(tmp_path / "instance" / "fieldbook.sqlite")
    # No secret configured: a random one per process, flagged so the CLI can warn.
    assert len(app.config["SECRET_KEY"]) >= 32
    assert app.config["FIELDBOOK_EPHEMERAL_SECRET"] is True


def test_environment_overrides_defaults(clean_env, tmp_path):
    clean_env.setenv("FIELDBOOK_TIMEZONE", "America/New_York")
    clean_env.setenv("FIELDBOOK_SECRET_KEY", "from-the-environment")
    clean_env.setenv("FIELDBOOK_SESSION_DAYS", "2")
    clean_env.setenv("FIELDBOOK_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    app = create_app()
    assert app.config["FIELDBOOK_TIMEZONE"] == "America/New_York"
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert "FIELDBOOK_EPHEMERAL_SECRET" not in app.config
    assert app.config["PERMANENT_SESSION_LIFETIME"].days == 2
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite")


def test_the_test_mapping_overrides_the_environment(clean_env, tmp_path):
    clean_env.setenv("FIELDBOOK_TIMEZONE", "America/New_York")
    clean_env.setenv("FIELDBOOK_SESSION_DAYS", "2")
    app = create_app(
        {
            "FIELDBOOK_TIMEZONE": "Europe/Berlin",
            "FIELDBOOK_SESSION_DAYS": 30,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'mapped.sqlite'}",
        }
    )
    assert app.config["FIELDBOOK_TIMEZONE"] == "Europe/Berlin"
    # Derived settings are computed after every layer, from the winning value.
    assert app.config["PERMANENT_SESSION_LIFETIME"].days == 30


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@db:5432/fb", "postgresql+psycopg://u:p@db:5432/fb"),
        ("postgresql+psycopg://u@db/fb", "postgresql+psycopg://u@db/fb"),
    ],
)
def test_postgresql_urls_get_the_psycopg_driver(clean_env, given, expected):
    clean_env.setenv("FIELDBOOK_DATABASE_URL", given)
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == expected
    assert (
        create_app({"SQLALCHEMY_DATABASE_URI": given}).config["SQLALCHEMY_DATABASE_URI"] == expected
    )


def test_secure_cookies_flag_reads_true_and_false(clean_env):
    clean_env.setenv("FIELDBOOK_SECURE_COOKIES", "true")
    assert create_app().config["SESSION_COOKIE_SECURE"] is True
    clean_env.setenv("FIELDBOOK_SECURE_COOKIES", "0")
    assert create_app().config["SESSION_COOKIE_SECURE"] is False


def test_two_apps_do_not_share_configuration(clean_env):
    first = create_app({"FIELDBOOK_TIMEZONE": "Europe/Berlin"})
    second = create_app()
    assert first.config["FIELDBOOK_TIMEZONE"] != second.config["FIELDBOOK_TIMEZONE"]
