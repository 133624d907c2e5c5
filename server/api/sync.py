"""Placeholder: the sync API is being built (see the issues)."""

from flask_smorest import Blueprint

blp = Blueprint("sync", __name__, url_prefix="/api/v1/sync")
