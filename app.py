"""Entry point for `flask --app app …` and for gunicorn (`gunicorn app:app`)."""

from factcheck import create_app

app = create_app()
