"""``flask worker``: run background jobs and Huey's periodic scheduler."""

import logging
import signal

import click
from flask import current_app
from huey.consumer import Consumer

from factcheck.jobs.queue import queue

#: Seconds a stopping worker waits for the jobs in hand before it gives them back to the queue.
SHUTDOWN_TIMEOUT = 20


class DeskConsumer(Consumer):  # type: ignore[misc]
    """Huey's consumer, stopping gracefully on SIGTERM as well as on Ctrl-C (SIGINT).

    SIGTERM is what honcho (``make run``), systemd and container runtimes send to stop a
    process; Huey treats it as "stop now" by default, abandoning the jobs in hand. Here both
    signals let running jobs finish for up to ``shutdown_timeout`` seconds; a job still running
    then is given back to the queue (see ``runner.requeue_interrupted``), and a second signal
    stops at once the same way.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Huey's own table of signal -> (restart, graceful); only its default for SIGTERM changes.
        self._signal_actions[signal.SIGTERM] = (False, True)
        self._signal_actions[signal.SIGINT] = (False, True)


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Jobs run at the same time.")
@click.option(
    "--shutdown-timeout",
    default=SHUTDOWN_TIMEOUT,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds to let running jobs finish on Ctrl-C or SIGTERM before requeueing them.",
)
def worker_command(workers: int, shutdown_timeout: float) -> None:
    """Run a worker until Ctrl-C or SIGTERM (running jobs finish, or go back to the queue)."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(message)s")
    click.echo(
        f"worker: {workers} thread(s) on {type(queue.storage).__name__} "
        f"({current_app.config.get('JOBS_URL') or 'instance/jobs.sqlite'})",
        err=True,
    )
    consumer = DeskConsumer(
        queue,
        workers=workers,
        worker_type="thread",
        periodic=True,
        shutdown_timeout=shutdown_timeout,
    )
    consumer.run()
