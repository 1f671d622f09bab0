"""`kg serve` under load, on loopback only.

    python benchmarks/endpoint.py [--cheap 200] [--during 15] [--burst 300] [--timeout S]
                                  [--max-query-memory BYTES]

Builds a store from data/seed-page.txt in a temporary directory, starts
`kg serve` on 127.0.0.1 with a free port (its default limits unless told) and
prints:

* the p50 / p99 latency of a cheap query (a label lookup, ASK) sent alone by
  one client, ``--cheap`` times;
* the same while two pathological queries (a three-way cartesian product with
  ORDER BY, which Oxigraph must materialise before the first row) are sent
  again and again by two other clients, for at most ``--during`` seconds or
  ``--cheap`` cheap requests, whichever comes first;
* a burst of ``--burst`` clients that connect at once, each sending the cheap
  query once;
* the peak resident memory of the server process and of the server with its
  worker processes (polled from /proc every 20 ms).

Every request count and wait is bounded, the server is stopped at the end,
and nothing leaves 127.0.0.1.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from common import REPO, SEED, machine

CHEAP = 'ASK { ?p a kg:Park ; rdfs:label "生命谷" }'
PATHOLOGICAL = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
CLIENT_TIMEOUT = 60.0


REASONS: dict[str, int] = {}


def request(endpoint: str, sparql: str) -> tuple[int, float]:
    url = endpoint + "?" + urlencode({"query": sparql})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/csv"}),
                                    timeout=CLIENT_TIMEOUT) as resp:
            resp.read()
            status = resp.status
    except urllib.error.HTTPError as exc:
        reason = exc.read().decode("utf-8", "replace").split(":")[0][:40]
        REASONS[reason] = REASONS.get(reason, 0) + 1
        status = exc.code
    except OSError:
        status = 0                       # refused, reset or timed out
    return status, time.perf_counter() - start


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))]


def show(name: str, results: list[tuple[int, float]]) -> None:
    ms = [t * 1000 for _, t in results]
    statuses: dict[int, int] = {}
    for s, _ in results:
        statuses[s] = statuses.get(s, 0) + 1
    print(f"{name}: {len(ms)} requests, p50 {pct(ms, 50):.1f} ms, p99 {pct(ms, 99):.1f} ms, "
          f"max {max(ms):.1f} ms; statuses {dict(sorted(statuses.items()))}", flush=True)


class Rss:
    """Peak VmRSS of a process and of it with its descendants."""

    def __init__(self, pid: int):
        self.pid, self.own, self.tree, self.stop = pid, 0, 0, threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            text = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return 0
        m = re.search(r"VmRSS:\s+(\d+)", text)
        return int(m.group(1)) * 1024 if m else 0

    @staticmethod
    def _children(pid: int) -> list[int]:
        out = []
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                out += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
        return out

    def _poll(self) -> None:
        while not self.stop.is_set():
            own = self._rss(self.pid)
            pids, total = [self.pid], 0
            while pids:
                p = pids.pop()
                total += self._rss(p)
                pids += self._children(p)
            self.own, self.tree = max(self.own, own), max(self.tree, total)
            time.sleep(0.02)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cheap", type=int, default=200, help="cheap requests per phase")
    ap.add_argument("--during", type=float, default=15.0, help="seconds at most for the phase under load")
    ap.add_argument("--burst", type=int, default=300, help="clients connecting at once (0: skip)")
    ap.add_argument("--timeout", type=float, default=None, help="kg serve --timeout (default: its own)")
    ap.add_argument("--max-query-memory", type=int, default=None,
                    help="kg serve --max-query-memory (default: its own)")
    args = ap.parse_args()
    print(machine(), flush=True)
    with tempfile.TemporaryDirectory(prefix="kg-endpoint-") as tmp:
        from kg import api

        store = Path(tmp) / "store"
        api.build([str(SEED)], store=store, out=Path(tmp) / "out", validate=False, html=False)
        cmd = [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--host", "127.0.0.1", "--port", "0"]
        if args.timeout:
            cmd += ["--timeout", str(args.timeout)]
        if args.max_query_memory:
            cmd += ["--max-query-memory", str(args.max_query_memory)]
        env = dict(os.environ, PYTHONPATH=str(REPO))
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        try:
            line = proc.stderr.readline()
            m = re.search(r"at (http://127\.0\.0\.1:\d+)/sparql", line)
            if not m:
                sys.exit(f"the server did not start: {line}")
            endpoint = m.group(1) + "/sparql"
            print(" ".join(cmd[1:]).replace(str(store), "STORE"), flush=True)
            rss = Rss(proc.pid)
            request(endpoint, CHEAP)                                  # warm up
            show("cheap query alone", [request(endpoint, CHEAP) for _ in range(args.cheap)])

            stop, slow = threading.Event(), []

            def pathological():
                while not stop.is_set():
                    slow.append(request(endpoint, PATHOLOGICAL))
            hogs = [threading.Thread(target=pathological, daemon=True) for _ in range(2)]
            for h in hogs:
                h.start()
            time.sleep(0.5)                                          # both are running
            results, end = [], time.monotonic() + args.during
            while len(results) < args.cheap and time.monotonic() < end:
                results.append(request(endpoint, CHEAP))
            stop.set()
            show("cheap query while 2 pathological queries run", results)
            for h in hogs:
                h.join(CLIENT_TIMEOUT + 5)
            show("the pathological queries", slow)
            print(f"error answers: {REASONS}", flush=True)

            if args.burst:
                burst, gate = [], threading.Barrier(args.burst)

                def one():
                    try:
                        gate.wait(30)
                    except threading.BrokenBarrierError:
                        pass
                    burst.append(request(endpoint, CHEAP))
                clients = [threading.Thread(target=one, daemon=True) for _ in range(args.burst)]
                for c in clients:
                    c.start()
                for c in clients:
                    c.join(CLIENT_TIMEOUT + 35)
                show(f"burst of {args.burst} clients at once", burst)
            rss.stop.set()
            rss.thread.join()
            print(f"peak RSS: server process {rss.own / 2**20:.0f} MB, "
                  f"server with its workers {rss.tree / 2**20:.0f} MB", flush=True)
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            proc.stderr.close()


if __name__ == "__main__":
    main()
