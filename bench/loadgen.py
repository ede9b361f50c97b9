"""The load generator without wrk: `python -m bench.loadgen URL --clients 8 --seconds 10`.

C asyncio clients, each on its own HTTP/1.1 connection (reopened when the server closes it), send
GET requests back to back for a fixed time and record every latency and status. Prints the same
"BENCH {json}" line as bench/wrk_report.lua.
"""

import argparse
import asyncio
import json
import re
import time
from urllib.parse import urlsplit


async def client(host: str, port: int, target: str, end: float, results: dict) -> None:
    request = f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
    reader = writer = None
    while time.perf_counter() < end:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            start = time.perf_counter()
            writer.write(request)
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
            length = re.search(r"^content-length:\s*(\d+)", head, re.MULTILINE)
            await reader.readexactly(int(length.group(1)) if length else 0)
        except (OSError, asyncio.IncompleteReadError):
            results["socket_errors"] += 1
            writer = None
            continue
        results["latencies"].append(time.perf_counter() - start)
        results["statuses"].append(int(head.split(" ", 2)[1]))
        if "connection: close" in head:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def run(url: str, clients: int, seconds: float) -> dict:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    results = {"latencies": [], "statuses": [], "socket_errors": 0}
    start = time.perf_counter()
    end = start + seconds
    await asyncio.gather(
        *(client(parts.hostname, parts.port, target, end, results) for _ in range(clients))
    )
    duration = time.perf_counter() - start
    latencies, statuses = sorted(results["latencies"]), results["statuses"]

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000

    return {
        "requests": len(latencies),
        "duration_s": duration,
        "non_200": sum(status != 200 for status in statuses),
        "socket_errors": results["socket_errors"],
        "p50_ms": percentile(50),
        "p95_ms": percentile(95),
        "p99_ms": percentile(99),
        "max_ms": latencies[-1] * 1000,
        "mean_ms": sum(latencies) / len(latencies) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    print("BENCH " + json.dumps(asyncio.run(run(args.url, args.clients, args.seconds))))


if __name__ == "__main__":
    main()
