#!/usr/bin/env bash
# Set up, index the bundled corpus and open the chat page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export GRADIO_ANALYTICS_ENABLED=False
exec .venv/bin/policy-qa serve --ingest corpus "$@"
