"""``fieldbook serve``: the production server (gunicorn), the one benchmarks measure."""

import os

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=2, show_default=True, type=int, help="Worker processes.")
@click.option("--threads", default=4, show_default=True, type=int, help="Threads per worker.")
@with_appcontext
def serve(host, port, workers, threads):
    """Serve Fieldbook with gunicorn."""
    from gunicorn.app.base import BaseApplication

    if current_app.config.get("FIELDBOOK_EPHEMERAL_SECRET"):
        click.echo(
            "warning: FIELDBOOK_SECRET_KEY is not set; a random key is used and sessions will "
            "not survive a restart or be shared between workers.",
            err=True,
        )
        if workers > 1:
            # Each worker would sign sessions with its own key: one key for all of them.
            os.environ["FIELDBOOK_SECRET_KEY"] = current_app.config["SECRET_KEY"]

    class Application(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 60)

        def load(self):
            from .. import create_app

            return create_app()

    Application().run()


COMMANDS = (serve,)
