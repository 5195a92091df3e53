"""Intake: articles that come to the desk by themselves.

An editor pastes a URL (``drafts``), or the desk monitors outlets through their feeds
(``feeds``, ``polling``); pages are fetched through :mod:`factcheck.fetching`, their main text
extracted (``extraction``) and stored through :mod:`factcheck.operations.articles`, with the
duplicate keys of ``keys``. ``jobs`` runs the fetching in the worker; ``views`` and ``cli`` are
the doors for people and scripts. This module imports nothing, so the pure parts can be used
from anywhere.
"""
