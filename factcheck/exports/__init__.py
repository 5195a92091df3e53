"""Exports: the queue, the public verdicts and the whole desk as CSV or JSON Lines, streamed."""
