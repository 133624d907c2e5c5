"""Placeholder: the records API is being built (see the issues)."""

from flask_smorest import Blueprint

blp = Blueprint("records", __name__, url_prefix="/api/v1/records")
