"""A verdict page under wrk, side by side in one run: the app alone (gunicorn with
gunicorn.conf.py, the page cache on), nginx serving the same bytes from a file, and the
documented deployment (nginx with the static export, the app as fallback).

Needs ``wrk`` and ``nginx`` (Debian: ``apt-get install wrk nginx-light``); nginx runs
unprivileged from a temporary prefix with its own configuration (the same ``try_files`` as the
README's). The desk is a generated one (:mod:`bench.desk_scale`, ``--claims``, SQLite in a
temporary folder) unless ``--database`` names one.

    python -m bench.bench_public_serve [--claims 2000] [--seconds 10] [--connections 32]

Goals (issue 13): app alone ≥ 0.03 × nginx's requests/s; nginx + export ≥ 0.5 ×.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import select

from bench.bench_load import free_port
from bench.desk_scale import bench_app, generate
from factcheck.extensions import db
from factcheck.models import Claim, VerdictRevision
from factcheck.public.export import export_all

ROOT = Path(__file__).resolve().parent.parent
NGINX = """
worker_processes 1;
error_log {tmp}/error.log warn;
pid {tmp}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream factcheck {{ server 127.0.0.1:{app_port}; keepalive 32; }}
    map $args $static_uri {{ "" $uri; default /@dynamic; }}
    # nginx alone: the exported page as a file
    server {{
        listen 127.0.0.1:{static_port};
        root {export};
        location / {{ try_files $uri $uri.html $uri/index.html =404; }}
    }}
    # the documented deployment: the export first, the app for everything else
    server {{
        listen 127.0.0.1:{front_port};
        root {export};
        location /static/ {{ alias {static}/; }}
        location / {{ try_files $static_uri $static_uri.html $static_uri/index.html @app; }}
        location @app {{
            proxy_pass http://factcheck;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host 127.0.0.1:{app_port};
        }}
    }}
}}
"""


def require(tool: str) -> str:
    """The path of ``tool``, or exit saying how to install it."""
    found = shutil.which(tool) or (f"/usr/sbin/{tool}" if Path(f"/usr/sbin/{tool}").exists()
                                   else None)
    if found is None:
        raise SystemExit(f"{tool} is needed: apt-get install wrk nginx-light")
    return found


def wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310  (loopback)
                return
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"the server for {url} exited") from None
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer")


def wrk(url: str, seconds: int, connections: int) -> float:
    """Requests per second wrk measured against ``url``."""
    output = subprocess.run(  # noqa: S603  (fixed argument list)
        [require("wrk"), "-t2", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True, text=True, check=True,
    ).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if found is None or errors:
        raise SystemExit(f"wrk against {url} failed:\n{output}")
    return float(found.group(1))


def run(url: str, seconds: int, connections: int) -> None:
    """Export, serve three ways, measure each with wrk, print the ratios."""
    app = bench_app(url)
    with tempfile.TemporaryDirectory() as tmp, app.app_context():
        folder = Path(tmp)
        folder.chmod(0o755)  # nginx's workers run as another user when started by root
        slug = db.session.scalar(select(Claim.slug).where(
            Claim.id == select(VerdictRevision.claim_id).order_by(
                VerdictRevision.id.desc()).limit(1).scalar_subquery()))
        export = folder / "export"
        began = time.perf_counter()
        written = export_all(app, export)
        print(f"exported {written} files in {time.perf_counter() - began:.1f} s")
        db.engine.dispose()
        app_port, static_port, front_port = free_port(), free_port(), free_port()
        env = {**os.environ, "DATABASE_URL": url, "FACTCHECK_SECRET_KEY": secrets.token_hex(32),
               "FACTCHECK_SITE_URL": f"http://127.0.0.1:{app_port}",
               "PUBLIC_CACHE_URL": f"file://{folder / 'cache'}",
               "GUNICORN_BIND": f"127.0.0.1:{app_port}", "GUNICORN_LOGLEVEL": "warning"}
        gunicorn = subprocess.Popen(  # noqa: S603
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
            cwd=ROOT, env=env)
        (folder / "nginx.conf").write_text(NGINX.format(
            tmp=folder, app_port=app_port, static_port=static_port, front_port=front_port,
            export=export, static=ROOT / "static"))
        nginx = subprocess.Popen(  # noqa: S603
            [require("nginx"), "-p", str(folder), "-c", str(folder / "nginx.conf"),
             "-g", "daemon off;"])
        try:
            page = f"/verdicts/{slug}"
            wait_for(f"http://127.0.0.1:{app_port}{page}", gunicorn)
            wait_for(f"http://127.0.0.1:{static_port}{page}", nginx)
            figures = {}
            for label, port in (("nginx, the file", static_port),
                                ("app alone (gunicorn)", app_port),
                                ("nginx + export, app behind", front_port)):
                figures[label] = wrk(f"http://127.0.0.1:{port}{page}", seconds, connections)
            base = figures["nginx, the file"]
            print(f"\nverdict page {page}, wrk -t2 -c{connections} -d{seconds}s, one run")
            for label, rate in figures.items():
                print(f"{label:<28} {rate:>10.0f} req/s  {rate / base:>6.3f} × nginx")
            print(f"goal: app alone ≥ 0.03 × → {figures['app alone (gunicorn)'] / base:.3f}; "
                  f"nginx + export ≥ 0.5 × → "
                  f"{figures['nginx + export, app behind'] / base:.3f}")
        finally:
            for process in (nginx, gunicorn):
                process.send_signal(signal.SIGTERM if process is gunicorn else signal.SIGQUIT)
                process.wait(30)


def main() -> None:
    """Generate (or reuse) a desk and measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy URL of a generated desk")
    parser.add_argument("--claims", type=int, default=2_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    require("wrk")
    require("nginx")
    if args.database:
        run(args.database, args.seconds, args.connections)
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'desk.sqlite'}"
        app = bench_app(url)
        with app.app_context():
            upgrade()
            generate(args.claims)
            db.engine.dispose()
        run(url, args.seconds, args.connections)


if __name__ == "__main__":
    main()
