"""The desk blueprint object; each page area registers its routes on it."""

from flask import Blueprint

bp = Blueprint("desk", __name__)
