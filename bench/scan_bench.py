#!/usr/bin/env python3
"""Scan throughput against its anchors, measured in the same run on the same files.

usage: python3 bench/scan_bench.py [--articles 100000] [--runs 5] [--size 5000]
       python3 bench/scan_bench.py --dir DIR [--runs 5]
       python3 bench/scan_bench.py --rss-at 10000,100000 [--runs 3] [--size 5000]

Generates (once) a synthetic corpus of N articles of ~SIZE bytes in paragraphs with
`examples/gen_corpus.rs`, writes the tagger's own term list (`watchdesk themes --terms`),
then, RUNS times, interleaved so that machine noise hits all three alike:
  rg --count-matches -F -f TERMS DIR   (finds every occurrence: the work tagging does)
  grep -r -F -c -f TERMS DIR           (counts matching lines: a floor, not a peer)
  watchdesk scan DIR --json            (parse + normalise + tag + JSON)
Each under /usr/bin/time for wall time and peak RSS. Reports medians, MB/s, articles/s and the
ratio watchdesk / rg. Needs rg, grep and /usr/bin/time (Debian: ripgrep, time).

With --dir, the same comparison on the article files already in DIR instead of a generated
corpus (real articles copied many times, say), to see whether the ratio holds on real text.

With --rss-at, only peak RSS of `watchdesk scan DIR --json` at each corpus size (largest of
RUNS runs), to show whether memory grows with the number of articles (issue 7: it must not).
"""
import argparse, os, shutil, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd):
    """(wall seconds, peak RSS KB) of cmd, its output discarded."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    if out.returncode not in (0, 1):  # grep/rg exit 1 when nothing matched
        sys.exit(f"{cmd[0]} failed: {out.stderr}")
    wall, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss)


def ensure_corpus(articles, size):
    """The generated corpus of `articles` articles (made once, then reused). The generator
    seeds each sub-folder on its own, so a smaller corpus is the first folders of a larger."""
    corpus = os.path.join(ROOT, "target", f"bench-corpus-{articles}-{size}")
    if not os.path.isdir(corpus):
        print(f"generating {articles} articles into {corpus} ...", flush=True)
        sh(["target/release/examples/gen_corpus", corpus, str(articles), "--size", str(size), "--seed", "1"])
    return corpus


def rss_at(sizes, size, runs):
    """Peak RSS of scan at each corpus size: flat if memory does not grow with the articles."""
    rows = []
    for articles in sizes:
        corpus = ensure_corpus(articles, size)
        timed(["target/release/watchdesk", "scan", corpus, "--json"])  # warm the page cache
        samples = [timed(["target/release/watchdesk", "scan", corpus, "--json"]) for _ in range(runs)]
        rows.append((articles, statistics.median(w for w, _ in samples), max(r for _, r in samples) / 1024))
        print(f"{articles} articles: peak RSS {rows[-1][2]:.1f} MB", flush=True)
    print(f"\n{'articles':>9} {'wall s':>7} {'peak RSS MB':>12}   (largest of {runs} runs, wall median)")
    for articles, wall, rss in rows:
        print(f"{articles:9d} {wall:7.2f} {rss:12.1f}")
    (small, _, rss_small), (large, _, rss_large) = rows[0], rows[-1]
    print(f"\npeak RSS x{rss_large / rss_small:.2f} for x{large / small:.0f} the articles")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--size", type=int, default=5000)
    ap.add_argument("--dir", help="compare on the files in DIR instead of a generated corpus")
    ap.add_argument("--rss-at", type=lambda v: [int(n) for n in v.split(",")], metavar="N,M,...",
                    help="only report scan's peak RSS at these corpus sizes")
    a = ap.parse_args()
    if a.dir:
        a.dir = os.path.abspath(a.dir)  # before the chdir below
    for tool in ("rg", "grep", "/usr/bin/time"):
        if not shutil.which(tool):
            sys.exit(f"missing {tool}: apt-get install ripgrep time")

    os.chdir(ROOT)
    sh(["cargo", "build", "--release", "--quiet", "--bin", "watchdesk", "--example", "gen_corpus"])
    if a.rss_at:
        return rss_at(a.rss_at, a.size, a.runs)
    corpus = a.dir if a.dir else ensure_corpus(a.articles, a.size)
    files = sum(len(fs) for _, _, fs in os.walk(corpus))
    terms = os.path.join(ROOT, "target", "bench-terms.txt")
    with open(terms, "w") as f:
        sh(["target/release/watchdesk", "themes", "--terms"], stdout=f)
    n_terms = sum(1 for _ in open(terms, encoding="utf-8"))
    total_bytes = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(corpus) for f in fs)

    commands = {
        "rg": ["rg", "--count-matches", "-F", "-f", terms, corpus],
        "grep": ["grep", "-r", "-F", "-c", "-f", terms, corpus],
        "watchdesk": ["target/release/watchdesk", "scan", corpus, "--json"],
    }
    # Warm the page cache so every tool reads from memory.
    timed(commands["rg"])
    results = {k: [] for k in commands}
    for run in range(a.runs):
        for name, cmd in commands.items():
            results[name].append(timed(cmd))
        print(f"run {run + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f}s" for k, v in results.items()), flush=True)

    print(f"\n{files} articles, {total_bytes / 1e6:.0f} MB, {n_terms} terms, {os.cpu_count()} cores, "
          f"median of {a.runs} runs")
    print(f"{'tool':<10} {'wall s':>7} {'MB/s':>7} {'articles/s':>11} {'peak RSS MB':>12}")
    med = {}
    for name, rows in results.items():
        wall = statistics.median(r[0] for r in rows)
        rss = max(r[1] for r in rows) / 1024
        med[name] = wall
        print(f"{name:<10} {wall:7.2f} {total_bytes / 1e6 / wall:7.1f} {files / wall:11.0f} {rss:12.1f}")
    print(f"\nratio watchdesk / rg   = {med['watchdesk'] / med['rg']:.2f} (target <= 1.0)")
    print(f"ratio watchdesk / grep = {med['watchdesk'] / med['grep']:.2f}")


if __name__ == "__main__":
    main()
