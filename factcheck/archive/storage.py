"""Where snapshot bytes live: the database (the default) or an S3-compatible bucket.

``SNAPSHOT_STORAGE`` chooses where new snapshots go: ``database`` (or unset) keeps the bytes in
the snapshot row, so app servers share nothing but PostgreSQL; ``s3://bucket/prefix`` puts them
in a bucket, for desks whose archive outgrows the database. ``SNAPSHOT_S3_ENDPOINT_URL`` points
boto3 at a non-AWS service (MinIO, Ceph, Garage …) and ``SNAPSHOT_S3_REGION`` names its region;
credentials come from boto3's usual chain (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, a
profile, an instance role).

Reading never depends on the setting: a snapshot with a ``storage_key`` is read from the bucket
that key names, any other from its row, so switching storage keeps every existing snapshot
readable. Objects are named by their SHA-256, so the same file stored twice is one object and a
rolled-back transaction leaves at most an unreferenced object behind (never a row without its
bytes).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import current_app

from factcheck.models import Snapshot

_clients: dict[tuple[str | None, str | None], Any] = {}
_lock = threading.Lock()


class StorageError(Exception):
    """A snapshot's bytes could not be stored or read; the message says where."""


@dataclass(frozen=True)
class BucketLocation:
    """A bucket and the key prefix under it, from ``s3://bucket/prefix``."""

    bucket: str
    prefix: str

    @classmethod
    def parse(cls, url: str) -> BucketLocation:
        """``s3://bucket/some/prefix`` → bucket ``bucket``, prefix ``some/prefix``."""
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError(
                f"SNAPSHOT_STORAGE must be 'database' or s3://bucket/prefix, not {url!r}"
            )
        return cls(parts.netloc, parts.path.strip("/"))

    def key_for(self, sha256: str) -> str:
        """Where a file with this hash is kept (two levels, as object stores like)."""
        name = f"{sha256[:2]}/{sha256}"
        return f"{self.prefix}/{name}" if self.prefix else name


def _settings() -> Mapping[str, Any]:
    return current_app.config


def s3_client(config: Mapping[str, Any] | None = None) -> Any:
    """A boto3 S3 client for the configured endpoint and region, shared by threads.

    boto3 is imported here, not at the top: a desk storing snapshots in its database never
    pays for loading it (every web and worker process would, at start).
    """
    import boto3
    from botocore.config import Config as BotoConfig

    config = config or _settings()
    endpoint = config.get("SNAPSHOT_S3_ENDPOINT_URL") or None
    region = config.get("SNAPSHOT_S3_REGION") or None
    with _lock:
        client = _clients.get((endpoint, region))
        if client is None:
            client = boto3.session.Session().client(
                "s3",
                endpoint_url=endpoint,
                region_name=region,
                config=BotoConfig(
                    connect_timeout=10, read_timeout=60, retries={"max_attempts": 3}
                ),
            )
            _clients[(endpoint, region)] = client
    return client


def target(config: Mapping[str, Any] | None = None) -> BucketLocation | None:
    """Where new snapshots go: a bucket, or ``None`` for the database."""
    config = config or _settings()
    setting = (config.get("SNAPSHOT_STORAGE") or "database").strip()
    if setting == "database":
        return None
    return BucketLocation.parse(setting)


def store(snapshot: Snapshot, data: bytes) -> None:
    """Put ``data`` where new snapshots go and point ``snapshot`` at it.

    ``snapshot.sha256`` must already be the hash of ``data``.
    """
    location = target()
    if location is None:
        snapshot.data = data
        snapshot.storage_key = None
        return
    key = location.key_for(snapshot.sha256)
    try:
        s3_client().put_object(
            Bucket=location.bucket, Key=key, Body=data, ContentType=snapshot.content_type
        )
    except Exception as exc:  # botocore raises many kinds; all mean "not stored"
        raise StorageError(
            f"Could not store the snapshot in s3://{location.bucket}/{key}: {exc}"
        ) from exc
    snapshot.data = None
    snapshot.storage_key = f"s3://{location.bucket}/{key}"


def load(snapshot: Snapshot) -> bytes:
    """The bytes of ``snapshot``, from its row or from the bucket its key names."""
    if not snapshot.storage_key:
        return snapshot.data or b""
    parts = urlsplit(snapshot.storage_key)
    try:
        answer = s3_client().get_object(Bucket=parts.netloc, Key=parts.path.lstrip("/"))
        return bytes(answer["Body"].read())
    except Exception as exc:
        raise StorageError(f"Could not read {snapshot.storage_key}: {exc}") from exc


def place(snapshot: Snapshot) -> Snapshot:
    """Move a snapshot built with its bytes in ``data`` (an upload) to where new snapshots
    go; unchanged when that is the database."""
    if target() is not None and snapshot.data is not None:
        store(snapshot, snapshot.data)
    return snapshot
