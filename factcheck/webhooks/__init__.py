"""Webhooks: the desk's events, signed (Standard Webhooks) and delivered to registered URLs.

An event written by the workflow (:mod:`factcheck.operations.events`) becomes, in the same
transaction, one delivery row and one outbox job per endpoint that wants it
(:mod:`~factcheck.webhooks.outbox`); a worker posts it through the desk's one fetching module
(:mod:`~factcheck.webhooks.delivery`), retrying with growing waits, logging every attempt and
disabling an endpoint that keeps failing. Admins manage endpoints on ``/admin/webhooks``
(:mod:`~factcheck.webhooks.views`) through :mod:`~factcheck.webhooks.operations`.
"""
