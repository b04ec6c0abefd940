#!/usr/bin/env python3
"""Drop-to-event latency and burst intake of `watchdesk scan DIR --follow --json`.

Runs the release binary on an empty temporary directory, then:
  1. steady: drops N files (default 1,000) at a steady pace (one every 10 ms), each written
     under a staging directory on the same file system and renamed in (the usual delivery),
     and measures rename -> its JSON line read from watchdesk's stdout, per file;
  2. burst: renames M files (default 20,000) in as fast as possible and measures the time
     until every one of them has its line, then counts files missing or reported twice.

A benchmark, not a test: it prints a report and exits 0 whatever the figures (1 if the
binary misbehaves). Build first: cargo build --release. Standard library only.

    python3 bench/ingest_latency.py [--bin target/release/watchdesk] [--steady 1000]
        [--interval-ms 10] [--burst 20000]
"""

import argparse
import json
import os
import queue
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BODY = (
    "انفجار عبوة ناسفة في الموصل أسفر عن إصابة مدنيين، وفتحت القوات الأمنية تحقيقا في الحادث. "
    "وأفاد مصدر في قيادة عمليات نينوى بأن العبوة كانت مزروعة على جانب الطريق. "
) * 8


def article(tag: str) -> bytes:
    """A ~2 KB Arabic article whose text (and so whose id) is unique to `tag`."""
    return f"خبر رقم {tag}\n{BODY}\nالرقم المرجعي {tag}\n".encode()


class Stream:
    """Reads watchdesk's JSON lines on a thread; records when each line arrived."""

    def __init__(self, proc):
        self.lines = queue.Queue()
        self.thread = threading.Thread(target=self._read, args=(proc.stdout,), daemon=True)
        self.thread.start()

    def _read(self, out):
        for line in out:
            now = time.perf_counter()
            self.lines.put((now, json.loads(line)))
        self.lines.put(None)

    def collect(self, want, seen, timeout):
        """Read lines until every name in `want` has been seen or `timeout` passes.
        `seen` maps file name -> list of arrival times (a name twice means reported twice)."""
        deadline = time.perf_counter() + timeout
        missing = set(want) - seen.keys()
        while missing:
            left = deadline - time.perf_counter()
            if left <= 0:
                return False
            try:
                item = self.lines.get(timeout=left)
            except queue.Empty:
                return False
            if item is None:
                sys.exit("watchdesk stopped writing")
            at, record = item
            if record.get("event") == "added":
                name = os.path.basename(record["path"])
                seen.setdefault(name, []).append(at)
                missing.discard(name)
        return True

    def drain(self, seen, quiet):
        """Take what arrives within `quiet` seconds (late duplicates)."""
        end = time.perf_counter() + quiet
        while (left := end - time.perf_counter()) > 0:
            try:
                item = self.lines.get(timeout=left)
            except queue.Empty:
                return
            if item is None:
                return
            at, record = item
            if record.get("event") == "added":
                seen.setdefault(os.path.basename(record["path"]), []).append(at)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default="target/release/watchdesk")
    parser.add_argument("--steady", type=int, default=1000)
    parser.add_argument("--interval-ms", type=float, default=10.0)
    parser.add_argument("--burst", type=int, default=20000)
    args = parser.parse_args()

    base = tempfile.mkdtemp(prefix="watchdesk-bench-")
    watched = os.path.join(base, "watched")
    stage = os.path.join(base, "stage")
    os.makedirs(watched)
    os.makedirs(stage)
    proc = subprocess.Popen(
        [args.bin, "--log", os.path.join(base, "watchdesk.log"), "scan", watched, "--follow", "--json"],
        stdout=subprocess.PIPE,
        stderr=open(os.path.join(base, "stderr.txt"), "wb"),
    )
    stream = Stream(proc)
    seen = {}

    # Ready when a file dropped now is reported.
    with open(os.path.join(stage, "warmup.txt"), "wb") as f:
        f.write(article("warmup"))
    os.rename(os.path.join(stage, "warmup.txt"), os.path.join(watched, "warmup.txt"))
    if not stream.collect({"warmup.txt"}, seen, 30):
        sys.exit("watchdesk did not report the warm-up file")

    # 1. Steady pace.
    dropped = {}
    interval = args.interval_ms / 1000
    start = time.perf_counter()
    for i in range(args.steady):
        name = f"steady-{i:05}.txt"
        src = os.path.join(stage, name)
        with open(src, "wb") as f:
            f.write(article(f"s{i}"))
        pause = start + i * interval - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        dropped[name] = time.perf_counter()
        os.rename(src, os.path.join(watched, name))
    complete = stream.collect(set(dropped), seen, 60)
    latencies = [(seen[n][0] - t) * 1000 for n, t in dropped.items() if n in seen]
    steady_lost = sum(1 for n in dropped if n not in seen)

    # 2. Burst.
    burst_dir = os.path.join(stage, "burst")
    os.makedirs(burst_dir)
    names = [f"burst-{i:05}.txt" for i in range(args.burst)]
    for i, name in enumerate(names):
        with open(os.path.join(burst_dir, name), "wb") as f:
            f.write(article(f"b{i}"))
    t0 = time.perf_counter()
    for name in names:
        os.rename(os.path.join(burst_dir, name), os.path.join(watched, name))
    renamed = time.perf_counter() - t0
    burst_complete = stream.collect(set(names), seen, 120)
    burst_time = time.perf_counter() - t0
    stream.drain(seen, 2.0)

    proc.send_signal(signal.SIGINT)
    code = proc.wait(timeout=30)

    lost = sum(1 for n in names if n not in seen) + steady_lost
    doubled = sum(len(v) - 1 for v in seen.values() if len(v) > 1)
    print(f"steady: {len(latencies)}/{args.steady} files, one every {args.interval_ms:g} ms"
          + ("" if complete else " (INCOMPLETE)"))
    if latencies:
        print(f"  drop -> JSON line: median {statistics.median(latencies):.2f} ms, "
              f"p95 {percentile(latencies, 95):.2f} ms, p99 {percentile(latencies, 99):.2f} ms, "
              f"max {max(latencies):.2f} ms")
    print(f"burst: {args.burst} files renamed in {renamed:.2f} s; all lines read after "
          f"{burst_time:.2f} s" + ("" if burst_complete else " (INCOMPLETE)"))
    print(f"lost: {lost}, doubled: {doubled}, watchdesk exit code on SIGINT: {code}")
    with open(os.path.join(base, "stderr.txt"), encoding="utf-8", errors="replace") as f:
        notices = f.read().strip()
    if notices:
        print("notices:", notices.replace("\n", " | "))
    subprocess.run(["rm", "-rf", base], check=False)
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
