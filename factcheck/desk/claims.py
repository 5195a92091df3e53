"""Desk: claims (being written)."""
