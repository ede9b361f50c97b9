"""Real web processes for the operations tests: `joinedup serve` (gunicorn) in a subprocess, and
a TCP proxy in front of PostgreSQL that a test can cut and restore."""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from django.db import connection

STARTUP_SECONDS = 90
TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_url(host: str | None = None, port: int | None = None) -> str:
    """The URL of the test database, optionally reached through another host and port."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return (
        f"postgres://{credentials}@{host or db['HOST'] or '127.0.0.1'}:"
        f"{port or db['PORT'] or 5432}/{db['NAME']}"
    )


@dataclass
class WebProcess:
    url: str
    process: subprocess.Popen
    log: Path

    def get(self, path: str, session=None, **kwargs) -> requests.Response:
        return (session or requests).get(self.url + path, timeout=TIMEOUT, **kwargs)

    def lines(self) -> list[str]:
        return self.log.read_text().splitlines()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_web_process(directory: Path, workers: int = 1, **environment) -> WebProcess:
    """`joinedup serve` on a free port with the test's settings and these variables; it is
    ready when /healthz answers."""
    port = free_port()
    directory.mkdir(parents=True, exist_ok=True)
    log = directory / f"web-{port}.log"
    env = {**os.environ, "JOINEDUP_VAR": str(directory), **environment}
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "joinedup.cli", "serve", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers)],
            env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    web = WebProcess(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the web process exited:\n{log.read_text()}")
        try:
            if web.get("/healthz").status_code == 200:
                return web
        except requests.ConnectionError:
            time.sleep(0.5)
    web.stop()
    raise RuntimeError(f"the web process did not start:\n{log.read_text()}")


class CuttableProxy:
    """Forwards TCP connections on a local port to the database; `cut()` closes every
    connection and refuses new ones, as a database server that has gone away does."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = free_port()
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listening = threading.Event()
        self._listener_thread = None

    def start(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port))
        listener.settimeout(0.1)
        self._listening.set()
        self._listener_thread = threading.Thread(target=self._accept, args=(listener,))
        self._listener_thread.start()

    def cut(self) -> None:
        self._listening.clear()
        self._listener_thread.join()
        with self._lock:
            for end in self._open:
                _close(end)
            self._open.clear()

    restore = start

    def _accept(self, listener: socket.socket) -> None:
        with listener:
            while self._listening.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                client.settimeout(None)
                upstream = socket.create_connection(self.target)
                with self._lock:
                    self._open += [client, upstream]
                for source, sink in ((client, upstream), (upstream, client)):
                    threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    _close(source)
    _close(sink)


def _close(end: socket.socket) -> None:
    with contextlib.suppress(OSError):
        end.shutdown(socket.SHUT_RDWR)
    end.close()
