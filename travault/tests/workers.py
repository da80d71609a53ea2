"""Real Celery workers and a private redis-server for the integration tests."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from kombu import pools

from travault.celery import app

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def worker_env(*, smtp_port, redis_url=None, **overrides):
    """The environment of a worker that shares this test's database and talks to the local SMTP server."""
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": redis_url or os.environ["REDIS_URL"],
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        **overrides,
    }


def start_worker(env, name="worker"):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "travault", "worker", "--pool=solo", "-n", f"{name}@%h"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(process, timeout=20):
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=timeout)


def workers_answering():
    return len(app.control.ping(timeout=0.5))


@contextmanager
def enqueueing_to(broker_url):
    """Send this process's tasks to ``broker_url`` for real (the suite otherwise runs them eagerly)."""
    previous = (app.conf.task_always_eager, app.conf.broker_url, app._pool)
    app.conf.task_always_eager, app.conf.broker_url = False, broker_url
    app._pool = app.amqp._producer_pool = None
    try:
        yield app
    finally:
        app.pool.force_close_all()
        pools.reset()
        app.conf.task_always_eager, app.conf.broker_url, app._pool = previous
        app.amqp._producer_pool = None


def start_redis(port):
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if not wait_for(lambda: _redis_answers(port), timeout=10):
        raise RuntimeError(f"redis-server did not start on port {port}")
    return process


def _redis_answers(port):
    import redis

    try:
        return redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=0.2).ping()
    except redis.ConnectionError:
        return False
