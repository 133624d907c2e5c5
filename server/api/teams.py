"""Placeholder: the teams API is being built (see the issues)."""

from flask_smorest import Blueprint

blp = Blueprint("teams", __name__, url_prefix="/api/v1/teams")
