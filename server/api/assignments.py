"""Placeholder: the assignments API is being built (see the issues)."""

from flask_smorest import Blueprint

blp = Blueprint("assignments", __name__, url_prefix="/api/v1/assignments")
