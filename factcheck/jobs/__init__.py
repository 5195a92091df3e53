"""Background jobs on Huey: the queue (``queue``), the outbox and the worker (``runner``).

Each area keeps its jobs in its own ``jobs.py``; ``JOB_MODULES`` lists them so the web process
and the worker register the same jobs. This module imports nothing, so models and extensions
can be imported from anywhere without a cycle.
"""

#: Modules whose ``@job`` functions the app and the worker register.
JOB_MODULES = (
    "factcheck.jobs.runner",
    "factcheck.mail.jobs",
    "factcheck.suggestions.jobs",
    "factcheck.appearances.jobs",
    "factcheck.webhooks.delivery",
    "factcheck.archive.jobs",
    "factcheck.intake.jobs",
    "factcheck.factchecks.jobs",
    "factcheck.notifications.jobs",
    "factcheck.public.export",
    "factcheck.matching.jobs",
)
