"""The scale probe against a ``chroma run`` server (issue 14).

    .venv/bin/python benchmarks/_scale_server.py DATA_DIR --cache FILE --queries FILE [--answers N]

Serves ``DATA_DIR/chroma`` with ``chroma run`` (the same files the embedded
store wrote), runs ``_scale_probe.py`` against it (the keyword index stays the
one saved in ``DATA_DIR/keyword``, local to the app process) and prints one
JSON line: the probe's figures plus the server's peak and current RSS and its
start-up time. The server is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _scale_probe import run_probe


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb(pid: int) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmHWM:", "VmRSS:")):
            out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return out


def serve_and_probe(data_dir: Path, cache: Path, queries: list[str], answers: int) -> dict:
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    log = open(data_dir.parent / "chroma-server.log", "w")  # noqa: SIM115  closed below
    t = time.perf_counter()
    cmd = [str(chroma), "run", "--path", str(data_dir / "chroma"), "--host", "127.0.0.1"]
    server = subprocess.Popen(
        [*cmd, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        start_s = time.perf_counter() - t
        result = run_probe(data_dir, cache, queries, None, ("127.0.0.1", port), answers)
        rss = _rss_mb(server.pid)
        result.update(
            server_start_s=start_s,
            server_peak_rss_mb=rss["VmHWM"],
            server_rss_mb=rss["VmRSS"],
        )
        return result
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--answers", type=int, default=20, help="full answers to time")
    args = parser.parse_args()
    queries = json.loads(args.queries.read_text("utf-8"))
    print(json.dumps(serve_and_probe(args.data_dir, args.cache, queries, args.answers)))


if __name__ == "__main__":
    main()
