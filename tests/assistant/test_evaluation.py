"""Evaluation arithmetic on a tiny hand-made set with a fake answer function."""

from __future__ import annotations

import json

import pytest

from assistant.evaluation import (
    EvalQuestion,
    compare_retrieval_modes,
    evidence_rank,
    format_comparison,
    format_metrics,
    load_questions,
    run_eval,
)
from assistant.records import Answer, ChunkRecord, Citation, DocRecord, Passage
from tests.conftest import EVAL_FILE

DOC = DocRecord("d", "报告", "report.txt")


def _passage(i: int, text: str) -> Passage:
    return Passage(ChunkRecord(f"c{i}", "d", text), DOC, score=1.0 / i, rank=i)


def _citation(text: str) -> Citation:
    return Citation(1, "cx", "d", "报告", "report.txt", "", None, text, text)


FILLER = [f"无关段落{i}。" for i in range(12)]
QUESTIONS = [
    # evidence at rank 1, answered and cited
    {"id": "q1", "question": "强度？", "type": "factoid", "answer_contains": ["0.84%"],
     "evidence": "强度（0.84%）"},
    # evidence at rank 3 (with a footnote mark and full-width ％ in the chunk)
    {"id": "q2", "question": "排名？", "type": "followup", "answer_contains": ["28"],
     "evidence": "排名第28位", "history": [{"role": "user", "content": "强度？"}]},
    # evidence only at rank 11: a miss for hit@10 and MRR@10; wrongly refused
    {"id": "q3", "question": "多少家？", "type": "factoid", "answer_contains": ["109"],
     "evidence": "单项冠军109家"},
    # a refusal question, correctly refused
    {"id": "q4", "question": "上海奖励？", "type": "refusal", "answer_contains": [],
     "evidence": ""},
    # a refusal question answered anyway
    {"id": "q5", "question": "北京奖励？", "type": "refusal", "answer_contains": [],
     "evidence": ""},
]  # fmt: skip


def fake_answer(question: str, history):  # type: ignore[no-untyped-def]
    if question == "强度？":
        passages = [_passage(1, "投入强度（0.84%）远低于"), *map(_passage, range(2, 11), FILLER)]
        return Answer(
            question, "强度为0.84%。", [_citation("投入强度（0.84%）远低于")], passages=passages
        )
    if question == "排名？":
        assert history == [{"role": "user", "content": "强度？"}]
        passages = [_passage(1, FILLER[0]), _passage(2, FILLER[1]), _passage(3, "排名 第 28 位⁵")]
        return Answer(question, "排名第２８位。", [_citation(FILLER[0])], passages=passages)
    if question == "多少家？":
        passages = [*map(_passage, range(1, 11), FILLER), _passage(11, "单项冠军109家")]
        return Answer(question, "资料中没有答案。", refused=True, passages=passages)
    if question == "上海奖励？":
        return Answer(question, "资料中没有答案。", refused=True)
    return Answer(question, "奖励100万元。", [_citation("奖励")], passages=[_passage(1, "奖励")])


@pytest.fixture
def questions_file(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(
        "\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS) + "\n\n", "utf-8"
    )
    return path


def test_evidence_rank_normalises_and_stops_at_depth():
    texts = ["a", "b", "排名第 28 位⁵"]
    assert evidence_rank(texts, "排名第28位") == 3
    assert evidence_rank(texts, "排名第28位", depth=2) is None
    assert evidence_rank(texts, "") is None


def test_run_eval_metrics_are_right(questions_file, tmp_path):
    out = tmp_path / "out" / "answers.jsonl"
    m = run_eval(questions_file, out, fake_answer)
    o = m.overall
    assert o.n == 5 and o.n_evidence == 3
    # ranks: q1=1, q2=3, q3=None (11 is past the depth)
    assert o.hits == pytest.approx({1: 1 / 3, 3: 2 / 3, 5: 2 / 3, 10: 2 / 3})
    assert o.mrr == pytest.approx((1 + 1 / 3 + 0) / 3)
    # correct: q1 yes, q2 yes (２８ normalises to 28), q3 refused → no; refusals excluded
    assert o.answer_correct == pytest.approx(2 / 3)
    # grounded: q1 cites the evidence chunk, q2 cites filler, q3 cites nothing
    assert o.grounded == pytest.approx(1 / 3)
    # refusal correct: q1 q2 not refused (ok), q3 refused (wrong), q4 ok, q5 wrong
    assert o.refusal_correct == pytest.approx(3 / 5)
    # median answer length over factoid+followup: "强度为0.84%。"(9) "排名第28位。"(7)
    # "资料中没有答案。"(8) → 8
    assert o.median_answer_length == 8
    assert m.by_type["refusal"].refusal_correct == pytest.approx(0.5)
    assert m.by_type["refusal"].mrr is None and m.by_type["refusal"].answer_correct is None
    assert m.by_type["followup"].mrr == pytest.approx(1 / 3)

    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["q1", "q2", "q3", "q4", "q5"]
    first = rows[0]
    assert {"id", "answer", "refused", "retrieved", "citations", "timings_ms"} <= set(first)
    assert len(first["retrieved"]) == 10
    assert set(first["retrieved"][0]) == {"chunk_id", "source", "text", "score"}
    assert first["citations"][0]["chunk_id"] == "cx" and "total" in first["timings_ms"]
    assert rows[2]["rank"] is None and rows[2]["refused"] is True

    table = format_metrics(m)
    assert "overall" in table and "hit@10" in table and "66.7" in table


def test_own_history_answers_the_earlier_turns_and_passes_those_answers(tmp_path):
    # The gold history holds the user turn and a gold reply; with own_history
    # the gold reply is replaced by the answer function's own.
    q = {"id": "f", "question": "排名？", "type": "followup", "answer_contains": ["28"],
         "history": [{"role": "user", "content": "强度？"},
                     {"role": "assistant", "content": "金标准答案"}]}  # fmt: skip
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(q, ensure_ascii=False) + "\n", "utf-8")
    seen: list = []

    def answer_fn(question: str, history):  # type: ignore[no-untyped-def]
        seen.append((question, history))
        return Answer(question, f"答：{question}第28位", [_citation("x")])

    run_eval(path, tmp_path / "given.jsonl", answer_fn)
    assert seen == [("排名？", q["history"])]
    seen.clear()
    m = run_eval(path, tmp_path / "own.jsonl", answer_fn, own_history=True)
    assert seen == [
        ("强度？", None),
        ("排名？", [{"role": "user", "content": "强度？"},
                   {"role": "assistant", "content": "答：强度？第28位"}]),
    ]  # fmt: skip
    assert m.overall.n == 1  # the earlier turns are not scored


def test_load_questions_reads_the_dev_set():
    qs = load_questions(EVAL_FILE)
    assert len(qs) >= 20 and all(isinstance(q, EvalQuestion) for q in qs)
    assert any(q.history for q in qs if q.type == "followup")


def test_compare_retrieval_modes_side_by_side():
    qs = [EvalQuestion.from_dict(q) for q in QUESTIONS]

    def retrieve_fn(query: str, history, mode: str):  # type: ignore[no-untyped-def]
        # bm25 finds everything at rank 1; dense at rank 2; refusals never asked
        assert query not in ("上海奖励？", "北京奖励？")
        gold = {q.question: q.evidence for q in qs}
        text = next((ev for k, ev in gold.items() if k in query), "")
        hit = _passage(1, text)
        return [hit] if mode == "bm25" else [_passage(1, "x"), hit]

    result = compare_retrieval_modes(qs, retrieve_fn, modes=("dense", "bm25"))
    assert result["bm25"].hits[1] == 1.0 and result["bm25"].mrr == 1.0
    assert result["dense"].hits[1] == 0.0 and result["dense"].mrr == pytest.approx(0.5)
    assert result["dense"].n == 3
    table = format_comparison(result)
    assert table.splitlines()[2].startswith("dense") and "bm25" in table
