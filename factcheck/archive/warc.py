"""A fetched page as a WARC record, the format web archives (pywb, the Wayback Machine's
tools, ArchiveWeb.page) read, so the desk's copies can be handed to them as they are."""

from __future__ import annotations

from http import HTTPStatus
from io import BytesIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from factcheck.fetching import FetchResult

#: Headers that described the bytes on the wire; the record holds the decoded body.
_WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def warc_record(result: FetchResult) -> bytes:
    """A gzipped WARC file with one ``response`` record for ``result`` at its final URL."""
    headers = [(name, value) for name, value in result.headers.items()
               if name not in _WIRE_HEADERS]
    headers.append(("Content-Length", str(len(result.body))))
    http_headers = StatusAndHeaders(_status_line(result.status), headers, protocol="HTTP/1.1")
    out = BytesIO()
    writer = WARCWriter(out, gzip=True)
    record = writer.create_warc_record(
        result.final_url,
        "response",
        payload=BytesIO(result.body),
        length=len(result.body),  # known: warcio then needs no temporary file
        http_headers=http_headers,
        warc_headers_dict={
            "WARC-Date": result.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    )
    writer.write_record(record)
    return out.getvalue()
