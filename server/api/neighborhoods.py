"""Placeholder: the neighborhoods API is being built (see the issues)."""

from flask_smorest import Blueprint

blp = Blueprint("neighborhoods", __name__, url_prefix="/api/v1/neighborhoods")
