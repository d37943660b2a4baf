"""Answering: the chain (rewrite → retrieve → select → generate → verify),
the extractive generator and its evidence, citations, verification of LLM
answers, special replies (missing documents, firm matching) and version
notes."""

from __future__ import annotations

from assistant.answer.chain import (
    AnswerEvent,
    AnswerState,
    Retriever,
    answer,
    build_chain,
    build_stages,
    stream_answer,
    warm_up,
)
from assistant.answer.citations import REFUSAL, make_citation, refusal_text
from assistant.answer.coverage import Coverage, judge
from assistant.answer.extractive import extractive_answer
from assistant.answer.parts import Extract
from assistant.answer.verify import Verdict, verify

__all__ = [
    "REFUSAL",
    "AnswerEvent",
    "AnswerState",
    "Coverage",
    "Extract",
    "Retriever",
    "Verdict",
    "answer",
    "build_chain",
    "build_stages",
    "extractive_answer",
    "judge",
    "make_citation",
    "refusal_text",
    "stream_answer",
    "verify",
    "warm_up",
]
