"""The desk's own copies of its sources: capturing evidence URLs (page and WARC record),
checking them for rot, and where snapshot bytes are stored (database or S3 bucket)."""

#: The job that captures one evidence URL (sent by the evidence operations).
CAPTURE_JOB = "archive.capture"
