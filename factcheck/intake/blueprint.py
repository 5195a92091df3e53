"""The intake blueprint; ``articles`` and ``outlets`` register its pages."""

from flask import Blueprint

bp = Blueprint("intake", __name__)
