"""``flask worker``: run background jobs and Huey's periodic scheduler."""

import logging

import click
from flask import current_app

from factcheck.jobs.queue import queue


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Jobs run at the same time.")
def worker_command(workers: int) -> None:
    """Run a worker until Ctrl-C (SIGINT finishes the jobs in hand, SIGTERM stops at once)."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(message)s")
    click.echo(
        f"worker: {workers} thread(s) on {type(queue.storage).__name__} "
        f"({current_app.config.get('JOBS_URL') or 'instance/jobs.sqlite'})",
        err=True,
    )
    consumer = queue.create_consumer(workers=workers, worker_type="thread", periodic=True)
    consumer.run()
