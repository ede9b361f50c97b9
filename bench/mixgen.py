"""The load generator for a mixed workload: C asyncio clients, each drawing its next request from
a weighted plan (a path and the visitor's cookie) and sending it as soon as the last one finished.

Like bench/loadgen.py it speaks HTTP/1.1 on its own connections (reopened whenever the server
closes them: gunicorn's sync workers close after every response), but reads bodies of any
framing (length, chunked, or to the close) and records each request's group, so a slow kind of
page can be told apart. A latency runs from sending (connecting first, when needed) to the last
byte of the body.
"""

import asyncio
import random
import time
from collections import defaultdict

TIMEOUT_SECONDS = 30  # gunicorn's own worker timeout


async def _read_body(reader: asyncio.StreamReader, head: str) -> None:
    if "\r\ntransfer-encoding: chunked" in head:
        while size := int((await reader.readline()).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")  # the end of the (empty) trailers
    elif (start := head.find("\r\ncontent-length:")) >= 0:
        await reader.readexactly(int(head[start + 17 :].split("\r\n", 1)[0]))
    else:
        await reader.read()


class Connection:
    """One client's connection, opened on demand and dropped when the server closes it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def get(self, path: str, cookie: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        cookie_line = f"Cookie: {cookie}\r\n" if cookie else ""
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n{cookie_line}\r\n".encode())
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
        await _read_body(self.reader, head)
        if "\r\nconnection: close" in head or not head.startswith("http/1.1"):
            self.close()
        return int(head.split(" ", 2)[1])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def client(number: int, host: str, port: int, plan: list, end: float, results) -> None:
    draw = random.Random(number)  # each client's sequence is the same on every run
    weights = [entry[0] for entry in plan]
    connection = Connection(host, port)
    while time.perf_counter() < end:
        _, group, path, _, cookie = draw.choices(plan, weights)[0]
        start = time.perf_counter()
        try:
            status = await asyncio.wait_for(connection.get(path, cookie), TIMEOUT_SECONDS)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            connection.close()
            status = 0  # no answer: counted as an error
        results[group].append((time.perf_counter() - start, status, path))
    connection.close()


async def run(host: str, port: int, plan: list, clients: int, seconds: float) -> dict:
    """{group: [(latency s, status or 0, path)]} and the duration, for `clients` clients."""
    results = defaultdict(list)
    start = time.perf_counter()
    end = start + seconds
    await asyncio.gather(*(client(n, host, port, plan, end, results) for n in range(clients)))
    return {"groups": dict(results), "duration_s": time.perf_counter() - start}


async def warm(host: str, port: int, paths: list[str], copies: int) -> None:
    """Ask for each page `copies` times at once, so that each of that many workers, all busy at
    the same moment, renders it (and keeps it in its own page cache)."""
    for path in paths:
        connections = [Connection(host, port) for _ in range(copies)]
        await asyncio.gather(*(c.get(path, "") for c in connections), return_exceptions=True)
        for connection in connections:
            connection.close()
