#!/usr/bin/env bash
# Set up and run every test: unit, embedded Chroma, a real `chroma run`
# server, and the page in a real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/system-deps.sh
export GRADIO_ANALYTICS_ENABLED=False ANONYMIZED_TELEMETRY=False
.venv/bin/ruff check assistant ingest ui tests benchmarks

# A real Chroma server for the server-mode tests (marker `server`).
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
chroma_dir=$(mktemp -d)
.venv/bin/chroma run --path "$chroma_dir" --host 127.0.0.1 --port "$port" >"$chroma_dir.log" 2>&1 &
chroma_pid=$!
trap 'kill $chroma_pid 2>/dev/null || true; rm -rf "$chroma_dir"' EXIT
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$port/api/v2/heartbeat" >/dev/null 2>&1 && break
  sleep 0.5
done
export POLICYQA_TEST_CHROMA_PORT=$port
.venv/bin/python -m pytest "$@"
