"""The answer chain: rewrite → retrieve → select evidence → generate → verify.

Each stage is a LangChain ``RunnableLambda`` over one ``AnswerState``, so a
user can swap a stage (``build_chain(..., overrides={"generate": …})``) or
call the composed ``Runnable`` directly. ``answer`` returns an ``Answer``;
``stream_answer`` yields text deltas and then the final ``Answer`` (which is
authoritative: when an LLM answer fails verification after streaming, the
final Answer carries the extractive text and a notice, and the page replaces
what it showed). Both run the same stages: ``answer`` is the stream, drained.

Without an LLM the extractive answer is the answer. With one, the extractive
answer is still computed (it is cheap) and shown instead, with a one-line
notice, whenever the LLM fails (``BackendError``) or its answer cites figures
its sources do not hold. Every stage's time lands in ``Answer.timings_ms``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answer.citations import refusal_text, renumber, superseded_note
from assistant.answer.coverage import covers_better
from assistant.answer.extractive import extractive_answer
from assistant.answer.intents import special_reply
from assistant.answer.parts import Extract
from assistant.answer.scope import evidence_of
from assistant.answer.verify import verify
from assistant.answer.versions import add_version_notes
from assistant.errors import BackendError
from assistant.llm import CANNOT_ANSWER, answer_messages, get_chat_model, stream_chat
from assistant.records import Answer, Passage, Turn
from assistant.retrieval import Filters, Retrieval, may_stand_alone, retrieve, rewrite
from assistant.settings import Settings
from assistant.store import Store, get_embeddings
from assistant.text import analyse

__all__ = [
    "AnswerEvent",
    "AnswerState",
    "Retriever",
    "answer",
    "build_chain",
    "build_stages",
    "stream_answer",
    "warm_up",
]

AnswerEvent = str | Answer
# A caller's own retriever: (query, filters) -> Retrieval or passages in rank order.
Retriever = Callable[[str, Filters | None], Retrieval | Sequence[Passage]]

NOTICE_BACKEND = "LLM unavailable ({err}); showing the extractive answer."
NOTICE_VERIFY = (
    "The LLM answer did not match its sources ({problem}); showing the extractive answer."
)


@dataclass
class AnswerState:
    """What one question carries through the stages."""

    question: str
    history: list[Turn] = field(default_factory=list)
    filters: Filters | None = None
    standalone: str = ""  # the question made standalone (follow-ups)
    query: str = ""  # what is searched
    passages: list[Passage] = field(default_factory=list)  # retrieved, in rank order
    evidence: list[Passage] = field(default_factory=list)  # the top_k the answer reads
    extract: Extract | None = None
    intent: bool = False  # a special reply (missing document, firm matching)
    llm_text: str | None = None
    notice: str = ""
    timings_ms: dict[str, float] = field(default_factory=dict)
    answer: Answer | None = None


_lock = threading.Lock()
_resources: dict[str, Store] = {}


def _default_store(settings: Settings) -> Store:
    """One Store (with its embedder) per settings, reused across calls."""
    key = settings.model_dump_json()
    with _lock:
        if key not in _resources:
            _resources[key] = Store(settings, get_embeddings(settings))
        return _resources[key]


def warm_up(settings: Settings) -> None:
    """Load what the first question would otherwise wait for (jieba, its idf
    table, OpenCC, the store and embedder): call it when the page starts."""
    from assistant.text import question_terms

    question_terms("企业所得税的税率是多少？")
    _default_store(settings)


def _timed(name: str, fn: Callable[[AnswerState], AnswerState]) -> Runnable:
    def run(state: AnswerState) -> AnswerState:
        t = time.perf_counter()
        out = fn(state)
        out.timings_ms[name] = out.timings_ms.get(name, 0.0) + round(
            (time.perf_counter() - t) * 1000, 2
        )
        if out.answer is not None:  # built inside this stage
            out.answer.timings_ms[name] = out.timings_ms[name]
        return out

    return RunnableLambda(run, name=name)


# --- stages ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parts:
    """What the stages work with: the settings, a chat model, and either a
    store (the normal case) or a caller's own retriever."""

    settings: Settings
    store: Store | None
    embeddings: Embeddings | None
    chat_model: BaseChatModel | None
    retriever: Retriever | None

    @property
    def corpus(self) -> Store | None:
        """The store corpus-wide steps use (intents, version notes); a caller's
        own retriever without a store gets plain passage answers."""
        if self.store is not None or self.retriever is not None:
            return self.store
        return _default_store(self.settings)


def _rewrite(parts: _Parts) -> Callable[[AnswerState], AnswerState]:
    def run(state: AnswerState) -> AnswerState:
        standalone, query = rewrite(state.question, state.history, parts.chat_model, parts.settings)
        return replace(state, standalone=standalone, query=query)

    return run


def _retrieve(parts: _Parts) -> Callable[[AnswerState], AnswerState]:
    def search(query: str, state: AnswerState) -> tuple[list[Passage], dict[str, float]]:
        if parts.retriever is not None:
            got = parts.retriever(query, state.filters)
        else:
            store = parts.store or _default_store(parts.settings)
            got = retrieve(
                query,
                store=store,
                embeddings=parts.embeddings or store.embeddings,
                settings=parts.settings,
                filters=state.filters,
                # Ten for the record (evaluation, the page's "more sources");
                # the answer step reads the first top_k.
                k=max(10, parts.settings.top_k),
            )
        if isinstance(got, Retrieval):
            return list(got.passages), got.timings_ms
        return list(got), {}

    def run(state: AnswerState) -> AnswerState:
        timings = dict(state.timings_ms)
        passages, took = search(state.query, state)
        timings.update(took)
        if state.standalone != state.question and may_stand_alone(state.question, state.history):
            # "偷税会被怎么处罚？" after another subject: asked alone too, and
            # kept when the corpus covers its own words better that way.
            alone, took = search(state.question, state)
            docs = parts.corpus.documents() if parts.corpus is not None else ()
            k, threshold = parts.settings.top_k, parts.settings.refusal_threshold
            if covers_better(analyse(state.question), alone[:k], passages[:k], docs, threshold):
                timings.update(took)
                return replace(
                    state,
                    standalone=state.question,
                    query=state.question,
                    passages=alone,
                    timings_ms=timings,
                )
        return replace(state, passages=passages, timings_ms=timings)

    return run


def _select(parts: _Parts) -> Callable[[AnswerState], AnswerState]:
    def run(state: AnswerState) -> AnswerState:
        store = parts.corpus
        docs = store.documents() if store is not None else ()
        evidence = evidence_of(
            analyse(state.standalone), state.passages, docs, parts.settings.top_k
        )
        embeddings = store.embeddings if store is not None else None
        extract = extractive_answer(
            state.standalone, evidence, settings=parts.settings, embeddings=embeddings, corpus=store
        )
        special = None
        if store is not None:
            special = special_reply(state.question, state.standalone, store, extract)
        if special is not None:
            return replace(state, evidence=evidence, extract=special, intent=True)
        return replace(state, evidence=evidence, extract=extract)

    return run


def _wants_llm(parts: _Parts, state: AnswerState) -> bool:
    assert state.extract is not None
    return parts.chat_model is not None and not state.extract.refused and not state.intent


def _generate(parts: _Parts) -> Callable[[AnswerState], AnswerState]:
    def run(state: AnswerState) -> AnswerState:
        if not _wants_llm(parts, state):
            return replace(state, llm_text=None)
        replies = _llm_reply(parts, state)
        while True:  # the same call as streaming, its deltas dropped
            try:
                next(replies)
            except StopIteration as done:
                return done.value

    return run


def _llm_reply(parts: _Parts, state: AnswerState) -> Iterator[str]:
    """Yields the LLM's text deltas; returns the state with ``llm_text`` set,
    or with ``llm_text`` None and a notice when the backend failed."""
    assert parts.chat_model is not None
    chunks: list[str] = []
    messages = answer_messages(state.evidence, state.standalone)
    try:
        for delta in stream_chat(parts.chat_model, messages, parts.settings):
            chunks.append(delta)
            yield delta
    except BackendError as err:
        return replace(state, llm_text=None, notice=NOTICE_BACKEND.format(err=err))
    return replace(state, llm_text="".join(chunks))


def _finish(parts: _Parts) -> Callable[[AnswerState], AnswerState]:
    generator = parts.settings.llm if parts.chat_model is not None else "extractive"

    def run(state: AnswerState) -> AnswerState:
        result = _final_answer(state, generator)
        store = parts.corpus
        if store is not None:
            result = add_version_notes(result, store)
        return replace(state, answer=result)

    return run


def _final_answer(state: AnswerState, generator: str) -> Answer:
    extract = state.extract
    assert extract is not None
    text, citations, refused, used = extract.text, extract.citations, extract.refused, "extractive"
    notice = state.notice
    if state.llm_text is not None:
        if CANNOT_ANSWER.rstrip("。") in state.llm_text:
            text, citations, refused, used = refusal_text(state.evidence), [], True, generator
        else:
            verdict = verify(state.llm_text, state.evidence)  # [n] are passage numbers here
            if verdict.ok:
                text, citations = renumber(state.llm_text, state.evidence)
                refused, used = False, generator
            else:
                notice = NOTICE_VERIFY.format(problem=verdict.problems[0])
    note = superseded_note(citations, state.evidence)
    if note:
        text = f"{text}\n{note}"
    return Answer(
        question=state.question,
        text=text,
        citations=citations,
        refused=refused,
        passages=list(state.passages),
        standalone_question=state.standalone,
        generator=used,
        notice=notice,
        timings_ms=dict(state.timings_ms),
    )


# --- composition ---------------------------------------------------------------------

STAGES = ("rewrite", "retrieve", "select", "generate", "verify")


def build_stages(
    settings: Settings,
    *,
    store: Store | None = None,
    embeddings: Embeddings | None = None,
    chat_model: BaseChatModel | None = None,
    retriever: Retriever | None = None,
) -> dict[str, Runnable]:
    """The stages by name, in order; replace any of them and compose again."""
    parts = _Parts(settings, store, embeddings, chat_model, retriever)
    makers = (_rewrite, _retrieve, _select, _generate, _finish)
    return {name: _timed(name, make(parts)) for name, make in zip(STAGES, makers, strict=True)}


def _compose(stages: Mapping[str, Runnable], names: Sequence[str]) -> Runnable:
    chain = stages[names[0]]
    for name in names[1:]:
        chain = chain | stages[name]
    return chain


def build_chain(
    settings: Settings,
    *,
    store: Store | None = None,
    embeddings: Embeddings | None = None,
    chat_model: BaseChatModel | None = None,
    retriever: Retriever | None = None,
    overrides: Mapping[str, Runnable] | None = None,
) -> Runnable:
    """``AnswerState(question, history, filters)`` → ``Answer``."""
    stages = build_stages(
        settings, store=store, embeddings=embeddings, chat_model=chat_model, retriever=retriever
    )
    stages.update(overrides or {})
    return _compose(stages, STAGES) | RunnableLambda(lambda s: s.answer, name="answer")


def stream_answer(
    question: str,
    history: Sequence[Turn] | None = None,
    filters: Filters | None = None,
    *,
    settings: Settings,
    store: Store | None = None,
    embeddings: Embeddings | None = None,
    chat_model: BaseChatModel | None = None,
    retriever: Retriever | None = None,
) -> Iterator[AnswerEvent]:
    """Text deltas (str) as they are produced, then the final ``Answer``."""
    t0 = time.perf_counter()
    model = chat_model if chat_model is not None else get_chat_model(settings)
    parts = _Parts(settings, store, embeddings, model, retriever)
    stages = build_stages(
        settings, store=store, embeddings=embeddings, chat_model=model, retriever=retriever
    )
    state = _compose(stages, STAGES[:3]).invoke(AnswerState(question, list(history or []), filters))
    assert state.extract is not None
    t = time.perf_counter()
    if _wants_llm(parts, state):
        # The page shows the LLM's words as they come; a failed verification
        # replaces them with the final Answer below.
        state = yield from _llm_reply(parts, state)
    else:
        yield from state.extract.pieces
    state.timings_ms["generate"] = round((time.perf_counter() - t) * 1000, 2)
    final = stages["verify"].invoke(state).answer
    final.timings_ms["total"] = round((time.perf_counter() - t0) * 1000, 2)
    yield final


def answer(
    question: str,
    history: Sequence[Turn] | None = None,
    filters: Filters | None = None,
    *,
    settings: Settings,
    store: Store | None = None,
    embeddings: Embeddings | None = None,
    chat_model: BaseChatModel | None = None,
    retriever: Retriever | None = None,
) -> Answer:
    """Answer one question (``history`` = earlier turns, role/content dicts)."""
    final: Answer | None = None
    for event in stream_answer(
        question,
        history,
        filters,
        settings=settings,
        store=store,
        embeddings=embeddings,
        chat_model=chat_model,
        retriever=retriever,
    ):
        if isinstance(event, Answer):
            final = event
    assert final is not None
    return final
