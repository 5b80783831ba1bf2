"""How fast the booth page answers, end to end in headless Chromium against `assistant serve`.

    python bench/booth_latency.py                     # the sample corpus, 20 public questions
    python bench/booth_latency.py --questions 40 --data-dir /tmp/booth-bench/corpus

Ingests corpus/ once into /tmp/booth-bench/corpus (reused), starts `python -m cli serve`
on a free loopback port, loads /booth (cold and warm) and asks each question through the page.
Reports, in milliseconds measured inside the page with performance.now(): page load
(DOMContentLoaded, load, facets filled), time from submit to the first answer text on screen,
and to the finished answer with its source cards; plus the size of every static asset.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("ASSISTANT_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARGS += ["--disable-component-update", "--no-first-run", "--disable-sync"]
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}

# Runs in the page: submit one question and resolve with the times of the first text and the end.
ASK_JS = """async (question) => {
  const result = document.getElementById('result');
  const answer = document.getElementById('answer');
  document.getElementById('question').value = question;
  return await new Promise((resolve) => {
    let first = null;
    const t0 = performance.now();
    const done = () => resolve({first: first ?? performance.now() - t0,
                                done: performance.now() - t0, state: result.dataset.state});
    new MutationObserver((_, obs) => {
      if (first === null && answer.textContent && !answer.querySelector('.pending')) {
        first = performance.now() - t0;
      }
      const state = result.dataset.state;
      if (['done', 'abstained', 'error'].includes(state)) { obs.disconnect(); done(); }
    }).observe(result, {subtree: true, childList: true, characterData: true, attributes: true});
    document.getElementById('ask-form').requestSubmit();
  });
}"""


def free_port() -> int:
    """An unused loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_index(corpus: Path, data_dir: Path) -> None:
    """Ingest `corpus` into `data_dir` unless an index is already there."""
    if (data_dir / "chroma").exists():
        return
    cmd = [sys.executable, "-m", "cli", "ingest", str(corpus), "--data-dir", str(data_dir)]
    # Files the loaders cannot read are reported and skipped; the rest is still worth measuring.
    subprocess.run(cmd, check=False, cwd=REPO, env=ENV, stdout=subprocess.DEVNULL)
    if not (data_dir / "chroma").exists():
        raise RuntimeError(f"ingesting {corpus} into {data_dir} built no index")


def serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    """Start `assistant serve` and wait until /healthz answers."""
    cmd = [sys.executable, "-m", "cli", "serve", "--data-dir", str(data_dir)]
    cmd += ["--port", str(port)]
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"assistant serve did not answer on port {port}")


def asset_sizes() -> dict[str, tuple[int, int]]:
    """Bytes and gzipped bytes of each static asset."""
    static = REPO / "api" / "static"
    return {
        p.name: (len(p.read_bytes()), len(gzip.compress(p.read_bytes())))
        for p in sorted(static.iterdir())
    }


def summary(values: list[float]) -> str:
    """Median, p90 and max of `values` in ms."""
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return f"median {statistics.median(ordered):7.1f}  p90 {p90:7.1f}  max {ordered[-1]:7.1f}"


def main() -> None:
    """Run the benchmark and print a small report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/booth-bench/corpus"))
    parser.add_argument("--questions", type=int, default=20)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    ensure_index(args.corpus, args.data_dir)
    items = [json.loads(line) for line in (args.corpus / "questions.jsonl").open(encoding="utf-8")]
    questions = [q["question"] for q in items if q.get("audience", "public") == "public"]
    questions = questions[: args.questions]
    port = free_port()
    server = serve(args.data_dir, port)
    base = f"http://127.0.0.1:{port}"
    loads, firsts, dones, states = [], [], [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            for _ in range(3):  # the first load is cold (nothing cached); the rest revalidate
                t0 = time.perf_counter()
                page.goto(f"{base}/booth")
                page.wait_for_selector("#f-site option:nth-child(2)", state="attached")
                nav = page.evaluate(
                    "(() => { const n = performance.getEntriesByType('navigation')[0];"
                    " return [n.domContentLoadedEventEnd, n.loadEventEnd]; })()"
                )
                loads.append((nav[0], nav[1], (time.perf_counter() - t0) * 1000))
            page.evaluate(ASK_JS, "warm-up question")
            for question in questions:
                timing = page.evaluate(ASK_JS, question)
                firsts.append(timing["first"])
                dones.append(timing["done"])
                states.append(timing["state"])
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"booth page load ({len(loads)} loads; DOMContentLoaded / load / facets filled, ms):")
    for n, (dcl, load, facets) in enumerate(loads):
        print(f"  {'cold' if n == 0 else 'warm'}: {dcl:6.1f} / {load:6.1f} / {facets:6.1f}")
    print(f"{len(questions)} questions through the page (ms from submit):")
    print(f"  first answer text on screen: {summary(firsts)}")
    print(f"  answer with source cards:    {summary(dones)}")
    print("  outcomes: " + ", ".join(f"{s}={states.count(s)}" for s in sorted(set(states))))
    print("static assets (bytes / gzipped):")
    for name, (raw, gz) in asset_sizes().items():
        print(f"  {name:16s} {raw:7d} / {gz:6d}")


if __name__ == "__main__":
    main()
