.PHONY: run test lint bench
run:  ## set up, index corpus/ and open the chat page
	bash scripts/run.sh
test:  ## set up and run all tests
	bash scripts/test.sh
lint:
	.venv/bin/ruff check assistant ingest ui tests benchmarks
	.venv/bin/ruff format --check assistant ingest ui tests benchmarks
bench:
	.venv/bin/python benchmarks/ingest.py
	.venv/bin/python benchmarks/query.py
