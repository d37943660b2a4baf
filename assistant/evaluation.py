"""The evaluation command's engine: gold questions in, one JSON line per answer
and the metrics of the evaluation README (``tests/fixtures/eval/README.md``) out.

Every text is compared after ``text.for_match`` (no footnote
marks, NFKC, no whitespace):

- hit@k / MRR@10: rank of the first retrieved chunk containing the evidence
  (questions with evidence only; MRR counts 0 past rank 10);
- answer correct: not refused and every ``answer_contains`` string in the
  answer (questions that are not ``refusal``);
- grounded: a cited chunk contains the evidence (questions with evidence);
- refusal correct: refused exactly when the type is ``refusal`` (all);
  false refusal = answerable questions refused, true refusal = ``refusal``
  questions refused;
- whole quote: the answer holds all of the gold's ``whole`` text (an article
  asked for by number, a list with every item), where the gold gives one;
- median answer length on factoid, followup and version questions (not those
  whose gold asks for a whole article or list: their length is the text's).

``compare_retrieval_modes`` scores retrieval alone for dense, BM25 and hybrid
side by side.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.records import Answer, Passage, Turn
from assistant.text import for_match

__all__ = [
    "EvalQuestion",
    "GroupMetrics",
    "Metrics",
    "compare_retrieval_modes",
    "evidence_rank",
    "format_comparison",
    "format_metrics",
    "load_questions",
    "run_eval",
    "score_answer",
    "summarize",
]

HIT_KS = (1, 3, 5, 10)
MRR_DEPTH = 10
LENGTH_TYPES = frozenset({"factoid", "followup", "version"})

AnswerFn = Callable[[str, list[dict[str, str]] | None], Answer]
# (question, history, mode) -> passages; the caller makes follow-ups standalone.
RetrieveFn = Callable[[str, list[Turn] | None, str], Sequence[Passage]]


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    type: str
    answer_contains: tuple[str, ...] = ()
    evidence: str = ""
    history: tuple[dict[str, str], ...] = ()
    lang: str = ""
    source: str | None = None
    whole: str = ""  # text a complete answer quotes in full (an article, a list)
    split: str = ""  # "tune" or "heldout" in the larger question sets
    form: str = ""  # how the question was made (article, figure, list…)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvalQuestion:
        return cls(
            id=str(data["id"]),
            question=data["question"],
            type=data.get("type", "factoid"),
            answer_contains=tuple(data.get("answer_contains") or ()),
            evidence=data.get("evidence") or "",
            history=tuple(data.get("history") or ()),
            lang=data.get("lang", ""),
            source=data.get("source"),
            whole=data.get("whole") or "",
            split=data.get("split") or "",
            form=data.get("form") or "",
        )


def load_questions(path: Path | str, split: str | None = None) -> list[EvalQuestion]:
    """Questions from a JSONL file (blank lines skipped), of one ``split`` if given."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    questions = [EvalQuestion.from_dict(json.loads(line)) for line in lines if line.strip()]
    return [q for q in questions if split is None or q.split == split]


def evidence_rank(texts: Iterable[str], evidence: str, depth: int = MRR_DEPTH) -> int | None:
    """1-based rank of the first text containing ``evidence``, or None."""
    needle = for_match(evidence)
    if not needle:
        return None
    for rank, text in enumerate(texts, start=1):
        if rank > depth:
            break
        if needle in for_match(text):
            return rank
    return None


@dataclass
class QuestionResult:
    """The scores of one answered question (``None`` = not applicable)."""

    id: str
    type: str
    rank: int | None = None
    has_evidence: bool = False
    correct: bool | None = None
    grounded: bool | None = None
    refused: bool = False
    refusal_correct: bool = False
    whole: bool | None = None
    answer_length: int = 0
    total_ms: float = 0.0


def score_answer(q: EvalQuestion, answer: Answer) -> QuestionResult:
    """Score one answer against its gold question."""
    text = for_match(answer.text)
    has_evidence = bool(for_match(q.evidence))
    result = QuestionResult(
        id=q.id,
        type=q.type,
        has_evidence=has_evidence,
        refused=answer.refused,
        refusal_correct=answer.refused == (q.type == "refusal"),
        answer_length=len(text),
        total_ms=float(answer.timings_ms.get("total", 0.0)),
    )
    if has_evidence:
        result.rank = evidence_rank((p.chunk.text for p in answer.passages), q.evidence)
        needle = for_match(q.evidence)
        result.grounded = any(needle in for_match(c.text) for c in answer.citations)
    if q.type != "refusal":
        result.correct = not answer.refused and all(for_match(s) in text for s in q.answer_contains)
    if q.whole:
        result.whole = not answer.refused and for_match(q.whole) in text
    return result


@dataclass
class GroupMetrics:
    n: int = 0
    n_evidence: int = 0
    hits: dict[int, float] = field(default_factory=dict)  # k -> share with rank <= k
    mrr: float | None = None
    answer_correct: float | None = None
    grounded: float | None = None
    refusal_correct: float | None = None
    false_refusal: float | None = None  # answerable questions refused
    true_refusal: float | None = None  # refusal questions refused
    whole: float | None = None  # whole article / list quoted, where the gold gives one
    median_answer_length: float | None = None
    median_ms: float | None = None


@dataclass
class Metrics:
    overall: GroupMetrics
    by_type: dict[str, GroupMetrics]
    results: list[QuestionResult] = field(default_factory=list)


def _share(values: list[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def _group(results: Sequence[QuestionResult]) -> GroupMetrics:
    with_ev = [r for r in results if r.has_evidence]
    ranks = [r.rank for r in with_ev]
    lengths = [r.answer_length for r in results if r.type in LENGTH_TYPES and r.whole is None]
    times = [r.total_ms for r in results if r.total_ms]
    return GroupMetrics(
        n=len(results),
        n_evidence=len(with_ev),
        hits={k: sum(1 for x in ranks if x is not None and x <= k) / len(ranks) for k in HIT_KS}
        if ranks
        else {},
        mrr=sum(1.0 / x for x in ranks if x is not None and x <= MRR_DEPTH) / len(ranks)
        if ranks
        else None,
        answer_correct=_share([r.correct for r in results if r.correct is not None]),
        grounded=_share([r.grounded for r in results if r.grounded is not None]),
        refusal_correct=_share([r.refusal_correct for r in results]),
        false_refusal=_share([r.refused for r in results if r.type != "refusal"]),
        true_refusal=_share([r.refused for r in results if r.type == "refusal"]),
        whole=_share([r.whole for r in results if r.whole is not None]),
        median_answer_length=statistics.median(lengths) if lengths else None,
        median_ms=statistics.median(times) if times else None,
    )


def summarize(results: Sequence[QuestionResult]) -> Metrics:
    types = sorted({r.type for r in results})
    return Metrics(
        overall=_group(results),
        by_type={t: _group([r for r in results if r.type == t]) for t in types},
        results=list(results),
    )


def _chunk_json(p: Passage) -> dict[str, Any]:
    return {"chunk_id": p.chunk_id, "source": p.doc.source, "text": p.chunk.text, "score": p.score}


def answer_record(q: EvalQuestion, answer: Answer, result: QuestionResult) -> dict[str, Any]:
    """The JSON line written for one question (README's required fields + scores)."""
    return {
        "id": q.id,
        "question": q.question,
        "type": q.type,
        "standalone_question": answer.standalone_question,
        "answer": answer.text,
        "refused": answer.refused,
        "retrieved": [_chunk_json(p) for p in answer.passages[:MRR_DEPTH]],
        "citations": [
            {"n": c.n, "chunk_id": c.chunk_id, "source": c.source, "text": c.text, "span": c.span}
            for c in answer.citations
        ],
        "timings_ms": answer.timings_ms,
        "rank": result.rank,
        "correct": result.correct,
        "grounded": result.grounded,
        "refusal_correct": result.refusal_correct,
        "whole": result.whole,
        "split": q.split,
        "form": q.form,
    }


def run_eval(
    questions_path: Path | str,
    out_path: Path | str,
    answer_fn: AnswerFn,
    split: str | None = None,
    own_history: bool = False,
) -> Metrics:
    """Answer every question (of ``split``) with ``answer_fn``, write JSONL to
    ``out_path``, score. With ``own_history`` a conversation's earlier turns
    are answered by ``answer_fn`` too, and those answers (not the gold ones)
    are its history — as on the chat page."""
    questions = load_questions(questions_path, split)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    results = []
    with out.open("w", encoding="utf-8") as fh:
        for q in questions:
            history = _own_history(q, answer_fn) if own_history else list(q.history)
            start = time.perf_counter()
            answer = answer_fn(q.question, history or None)
            answer.timings_ms.setdefault("total", round((time.perf_counter() - start) * 1000, 2))
            result = score_answer(q, answer)
            results.append(result)
            fh.write(json.dumps(answer_record(q, answer, result), ensure_ascii=False) + "\n")
    return summarize(results)


def _own_history(q: EvalQuestion, answer_fn: AnswerFn) -> list[dict[str, str]]:
    history: list[dict[str, str]] = []
    for turn in q.history:
        if turn.get("role") == "user":
            reply = answer_fn(turn["content"], history or None)
            history += [turn, {"role": "assistant", "content": reply.text}]
    return history


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}"


def _num(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def format_metrics(metrics: Metrics) -> str:
    """A plain-text table: one row per type, then overall (percentages)."""
    head = ["type", "n", *[f"hit@{k}" for k in HIT_KS], "MRR@10", "correct", "grounded",
            "refusal", "f.refuse", "t.refuse", "whole", "med.len", "med.ms"]  # fmt: skip
    rows = [head]
    for name, g in [*metrics.by_type.items(), ("overall", metrics.overall)]:
        rows.append([
            name, str(g.n), *[_pct(g.hits.get(k)) for k in HIT_KS], _num(g.mrr),
            _pct(g.answer_correct), _pct(g.grounded), _pct(g.refusal_correct),
            _pct(g.false_refusal), _pct(g.true_refusal), _pct(g.whole),
            _num(g.median_answer_length, 0), _num(g.median_ms, 0),
        ])  # fmt: skip
    return _table(rows)


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def compare_retrieval_modes(
    questions: Sequence[EvalQuestion],
    retrieve_fn: RetrieveFn,
    modes: Sequence[str] = ("dense", "bm25", "hybrid"),
) -> dict[str, GroupMetrics]:
    """hit@k and MRR@10 of retrieval alone, per mode; ``retrieve_fn(query, mode)``.

    ``retrieve_fn`` gets each question with its history (follow-ups are
    searched as the chain would search them). Questions without evidence
    (refusals) are skipped.
    """
    out: dict[str, GroupMetrics] = {}
    for mode in modes:
        results = []
        for q in questions:
            if not for_match(q.evidence):
                continue
            start = time.perf_counter()
            passages = retrieve_fn(q.question, list(q.history) or None, mode)
            rank = evidence_rank((p.chunk.text for p in passages), q.evidence)
            ms = round((time.perf_counter() - start) * 1000, 2)
            results.append(QuestionResult(q.id, q.type, rank=rank, has_evidence=True, total_ms=ms))
        out[mode] = _group(results)
    return out


def format_comparison(comparison: dict[str, GroupMetrics]) -> str:
    """The side-by-side table of ``compare_retrieval_modes``."""
    rows = [["mode", "n", *[f"hit@{k}" for k in HIT_KS], "MRR@10", "med.ms"]]
    for mode, g in comparison.items():
        rows.append(
            [
                mode,
                str(g.n),
                *[_pct(g.hits.get(k)) for k in HIT_KS],
                _num(g.mrr),
                _num(g.median_ms, 0),
            ]
        )
    return _table(rows)
