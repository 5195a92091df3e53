"""Where snapshot bytes live: the database by default, or an S3-compatible bucket — here a
real one, moto's server mode started by the test on this machine."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import boto3
import pytest
from flask import Flask
from moto.server import ThreadedMotoServer
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from factcheck.archive.storage import BucketLocation
from factcheck.jobs.queue import DeskQueue
from factcheck.models import Evidence
from tests.archive_helpers import PAGE, Site, local_site
from tests.evidence_helpers import checker_fixture, claim_fixture  # noqa: F401  (fixtures)
from tests.jobs_helpers import point_queue_at, work

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF"
BUCKET = "desk-archive"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "desk-test",
    "AWS_SECRET_ACCESS_KEY": "desk-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """A local S3-compatible server for this module's tests."""
    # A free port chosen here: moto 5.0 (the lowest version allowed) cannot report the port
    # it bound when given port 0.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(app: Flask, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """An empty bucket, and the desk storing new snapshots under ``snapshots/`` in it."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    app.config["SNAPSHOT_STORAGE"] = f"s3://{BUCKET}/snapshots"
    app.config["SNAPSHOT_S3_ENDPOINT_URL"] = s3_endpoint
    app.config["SNAPSHOT_S3_REGION"] = "us-east-1"
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def upload(client, submit, claim, data: bytes = PDF, url: str = ""):  # type: ignore[no-untyped-def]
    """Add evidence with ``data`` as its snapshot through the claim page."""
    return submit(
        client, f"/claims/{claim.id}",
        {"version": str(claim.version), "title": "Customs report", "kind": "dataset",
         "url": url, "stance": "contradicts", "is_public": "y",
         "snapshot": (BytesIO(data), "report.pdf", "application/pdf")},
        post_url=f"/claims/{claim.id}/evidence",
    )


def only_evidence(session, claim) -> Evidence:  # type: ignore[no-untyped-def]
    """The claim's evidence entry, read afresh."""
    session.expire_all()
    return session.scalars(select(Evidence).where(Evidence.claim_id == claim.id)).one()


def test_by_default_snapshots_are_kept_in_the_database(claim, checker, session, as_user, submit):
    client = as_user(checker)

    assert upload(client, submit, claim).status_code == 302

    snapshot = only_evidence(session, claim).snapshot
    assert snapshot.storage_key is None and snapshot.data == PDF


def test_with_a_bucket_the_bytes_go_to_it_and_come_back_identical(
    claim, checker, session, as_user, submit, bucket
):
    client = as_user(checker)

    assert upload(client, submit, claim).status_code == 302

    evidence = only_evidence(session, claim)
    sha = hashlib.sha256(PDF).hexdigest()
    key = f"snapshots/{sha[:2]}/{sha}"
    assert evidence.snapshot.storage_key == f"s3://{BUCKET}/{key}"
    assert evidence.snapshot.data is None and evidence.snapshot.sha256 == sha
    stored = bucket.get_object(Bucket=BUCKET, Key=key)
    assert stored["Body"].read() == PDF and stored["ContentType"] == "application/pdf"
    download = client.get(f"/evidence/{evidence.id}/snapshot")
    assert download.status_code == 200 and download.data == PDF


def test_captured_pages_and_warc_records_go_to_the_bucket(
    app, claim, checker, session, as_user, submit, bucket, tmp_path: Path
):
    site_runner = local_site(app)
    site: Site = next(site_runner)
    queue_runner = point_queue_at("sqlite", tmp_path, app)
    jobs: DeskQueue = next(queue_runner)
    try:
        client = as_user(checker)
        work(jobs)  # what came before: the assignment's notification e-mail
        response = submit(
            client, f"/claims/{claim.id}",
            {"version": str(claim.version), "title": "Customs page", "kind": "dataset",
             "url": site.url("/news/customs"), "stance": "contradicts", "is_public": "y"},
            post_url=f"/claims/{claim.id}/evidence",
        )
        assert response.status_code == 302
        assert work(jobs) == 1
    finally:
        queue_runner.close()
        site_runner.close()

    evidence = only_evidence(session, claim)
    assert evidence.capture.storage_key.startswith(f"s3://{BUCKET}/snapshots/")
    assert evidence.warc.storage_key.startswith(f"s3://{BUCKET}/snapshots/")
    assert client.get(f"/evidence/{evidence.id}/archived").data == PAGE
    warc = client.get(f"/evidence/{evidence.id}/warc").data
    bodies = [r.content_stream().read() for r in ArchiveIterator(BytesIO(warc))]
    assert bodies == [PAGE]


def test_switching_storage_keeps_every_snapshot_readable(
    app, desk, claim, checker, session, as_user, submit, bucket
):
    in_bucket = upload(as_user(checker), submit, claim)
    assert in_bucket.status_code == 302
    bucket_evidence = only_evidence(session, claim)

    app.config["SNAPSHOT_STORAGE"] = "database"
    other = desk.claim(assignee=checker)
    client = as_user(checker)
    assert upload(client, submit, other, data=PDF + b"v2").status_code == 302
    database_evidence = only_evidence(session, other)
    assert database_evidence.snapshot.storage_key is None

    assert client.get(f"/evidence/{bucket_evidence.id}/snapshot").data == PDF
    app.config["SNAPSHOT_STORAGE"] = f"s3://{BUCKET}/snapshots"
    assert client.get(f"/evidence/{database_evidence.id}/snapshot").data == PDF + b"v2"


def test_an_unreachable_bucket_refuses_the_upload_and_saves_nothing(
    app, claim, checker, session, as_user, submit, bucket
):
    app.config["SNAPSHOT_STORAGE"] = "s3://no-such-bucket/snapshots"
    client = as_user(checker)

    response = upload(client, submit, claim)

    assert response.status_code == 503
    assert "nothing was saved" in response.get_data(as_text=True)
    assert session.scalars(select(Evidence).where(Evidence.claim_id == claim.id)).all() == []


def test_the_storage_setting_names_a_bucket_and_a_prefix() -> None:
    assert BucketLocation.parse("s3://archive/desk/snapshots") == BucketLocation(
        "archive", "desk/snapshots"
    )
    assert BucketLocation("archive", "").key_for("ab" * 32) == "ab/" + "ab" * 32
    with pytest.raises(ValueError, match="SNAPSHOT_STORAGE"):
        BucketLocation.parse("https://archive.example.org/")
