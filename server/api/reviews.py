"""Placeholder: the reviews API is being built (see the issues)."""

from flask_smorest import Blueprint

blp = Blueprint("reviews", __name__, url_prefix="/api/v1/reviews")
