"""Throughput over HTTP: gunicorn with the production settings on a loopback port, loaded by wrk."""

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

WRK = "/usr/bin/wrk"
WRK_SCRIPT = Path(__file__).with_name("wrk.lua")
WRK_THREADS = 2
WRK_CONNECTIONS = 8
WRK_WARMUP_SECONDS = 3
GUNICORN_WORKERS = 3
STARTUP_SECONDS = 30
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


class HttpBenchError(Exception):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_of(port: int, path: str, cookie: str = "") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={**PROXY_HEADERS, "Cookie": cookie})
        return connection.getresponse().status
    finally:
        connection.close()


@contextmanager
def gunicorn(*, workers: int = GUNICORN_WORKERS):
    """A gunicorn of the project on a free loopback port (yields the port); stopped on exit."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "travault.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--timeout", "60", "--log-level", "warning",
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, stdout=log, stderr=log, env=os.environ.copy())
        try:
            _wait_until_serving(server, port, log)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_until_serving(server, port: int, log) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise HttpBenchError(f"gunicorn exited: {log.read().decode(errors='replace')[-2000:]}")
        try:
            if status_of(port, "/bench/ping") == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise HttpBenchError("gunicorn did not answer in time.")


def wrk(*, port: int, path: str, cookie: str, seconds: int) -> dict:
    """wrk's figures for ``path``: requests/s, latency percentiles (ms) and errors."""
    command = [
        WRK, f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", str(WRK_SCRIPT),
        f"http://127.0.0.1:{port}{path}",
    ]  # fmt: skip
    env = {**os.environ, "BENCH_COOKIE": cookie}
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True, timeout=seconds + 60)
    for line in output.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result = json.loads(line.removeprefix("BENCH_JSON "))
            result["error_count"] = sum(result["errors"].values())
            return result
    raise HttpBenchError(f"wrk printed no result: {output.stdout[-2000:]} {output.stderr[-2000:]}")


def measure(*, pages, cookie: str, seconds: int) -> list[dict]:
    """Each page under load for ``seconds`` after a short warm-up, on one gunicorn."""
    results = []
    with gunicorn() as port:
        for page in pages:
            status = status_of(port, page.url, cookie)
            if status != 200:
                raise HttpBenchError(f"{page.name} answered {status} over HTTP, not 200.")
            wrk(port=port, path=page.url, cookie=cookie, seconds=WRK_WARMUP_SECONDS)
            results.append(
                {"page": page.name, "url": page.url, **wrk(port=port, path=page.url, cookie=cookie, seconds=seconds)}
            )
    return results
