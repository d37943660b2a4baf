"""The dev questions, end to end (extractive default, bundled corpus + laws).

A regression gate with margins below the README's measured figures, not a
tuning target: the README reports the exact numbers from `policy-qa eval`.
"""

from __future__ import annotations

import json

import pytest

from assistant.answer.chain import answer
from assistant.evaluation import run_eval
from assistant.store.store import Store
from tests.conftest import EVAL_FILE


@pytest.mark.slow
def test_dev_set_metrics(corpus_index, tmp_path):
    store = Store(corpus_index)
    out = tmp_path / "eval.jsonl"
    metrics = run_eval(
        EVAL_FILE, out, lambda q, h: answer(q, h, settings=corpus_index, store=store)
    )
    overall = metrics.overall
    assert overall.hits[5] >= 0.85
    assert overall.answer_correct >= 0.85
    assert overall.refusal_correct >= 0.9
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {"id", "answer", "refused", "retrieved", "citations", "timings_ms"} <= set(rows[0])
    assert len(rows[0]["retrieved"]) == 10
