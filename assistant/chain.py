"""The answer chain: rewrite → retrieve → select evidence → generate → verify.

Each stage is a LangChain ``RunnableLambda`` over one state dict, so a user can
swap a stage (``build_chain(..., overrides={"generate": my_runnable})``) or
call the composed ``Runnable`` directly. ``answer`` returns an ``Answer``;
``stream_answer`` yields text deltas and then the final ``Answer`` (which is
authoritative: when an LLM answer fails verification after streaming, the
final Answer carries the extractive text and a notice, and the page replaces
what it showed).

Without an LLM the extractive answer is the answer. With one, the extractive
answer is still computed (it is cheap) and shown instead, with a one-line
notice, whenever the LLM fails (``BackendError``) or its answer cites figures
its sources do not hold. Every stage's time lands in ``Answer.timings_ms``.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda

from .errors import BackendError
from .extractive import Extract, extractive_answer, make_citation, refusal_text, superseded_note
from .llm import get_chat_model, invoke_chat, stream_chat
from .prompts import ANSWER_PROMPT, CANNOT_ANSWER, REWRITE_PROMPT, format_history, format_passages
from .records import Answer, Citation, Passage
from .sentences import Sentence, normalise, split_sentences
from .settings import Settings
from .verify import verify

__all__ = [
    "AnswerEvent",
    "answer",
    "build_chain",
    "build_stages",
    "clear_cache",
    "stream_answer",
    "warm_up",
]

AnswerEvent = str | Answer
Retriever = Callable[[str, Any], Any]  # (query, filters) -> Retrieval | list[Passage]
State = dict[str, Any]

NOTICE_BACKEND = "LLM unavailable ({err}); showing the extractive answer."
NOTICE_VERIFY = (
    "The LLM answer did not match its sources ({problem}); showing the extractive answer."
)

_lock = threading.Lock()
_resources: dict[str, tuple[Any, Embeddings]] = {}


def _store_and_embeddings(settings: Settings) -> tuple[Any, Embeddings]:
    """One Store and embedder per settings (cheap objects, reused across calls)."""
    key = settings.model_dump_json()
    with _lock:
        if key not in _resources:
            from .embeddings import get_embeddings
            from .store import Store

            emb = get_embeddings(settings)
            _resources[key] = (Store(settings, emb), emb)
        return _resources[key]


def warm_up(settings: Settings) -> None:
    """Load what the first question would otherwise wait for (jieba, its idf
    table, OpenCC, the store and embedder): call it when the page starts."""
    from .terms import question_terms

    question_terms("企业所得税的税率是多少？")
    _store_and_embeddings(settings)


def clear_cache() -> None:
    with _lock:
        _resources.clear()


def _timed(name: str, fn: Callable[[State], State]) -> Runnable[State, State]:
    def run(state: State) -> State:
        t = time.perf_counter()
        out = fn(state)
        timings = out.setdefault("timings_ms", {})
        timings[name] = timings.get(name, 0.0) + round((time.perf_counter() - t) * 1000, 2)
        if isinstance(out.get("answer"), Answer):  # built inside this stage
            out["answer"].timings_ms[name] = timings[name]
        return out

    return RunnableLambda(run, name=name)


# --- stages ------------------------------------------------------------------------


def _rewrite_stage(chat_model: BaseChatModel | None, settings: Settings) -> Callable:
    def rewrite(state: State) -> State:
        from .rewrite import retrieval_query, standalone_question

        question, history = state["question"], state.get("history") or []
        standalone = standalone_question(question, history)
        query = retrieval_query(question, history)
        if chat_model is not None and history and standalone != question:
            try:
                messages = REWRITE_PROMPT.format_messages(
                    history=format_history(history), question=question
                )
                text = invoke_chat(chat_model, messages, settings).strip().splitlines()
                if text and 0 < len(text[0]) <= 4 * max(len(question), len(standalone)):
                    standalone = query = text[0].strip()
            except BackendError:
                pass  # the rule-based rewrite stands; generation reports the outage
        return {**state, "standalone": standalone, "query": query}

    return rewrite


def _retrieve_stage(retriever: Retriever | None, settings: Settings, store, embeddings):
    def retrieve_(state: State) -> State:
        if retriever is not None:
            got = retriever(state["query"], state.get("filters"))
        else:
            from .retrieval import retrieve

            st, emb = store, embeddings
            if st is None or emb is None:
                cached_store, cached_emb = _store_and_embeddings(settings)
                st = cached_store if st is None else st
                emb = cached_emb if emb is None else emb
            got = retrieve(
                state["query"],
                store=st,
                embeddings=emb,
                settings=settings,
                filters=state.get("filters"),
                # Ten for the record (evaluation, the page's "more sources");
                # the answer step reads the first top_k.
                k=max(10, settings.top_k),
            )
        passages = list(getattr(got, "passages", got))
        timings = dict(state.get("timings_ms", {}))
        timings.update(getattr(got, "timings_ms", {}) or {})
        return {**state, "passages": passages, "timings_ms": timings}

    return retrieve_


def _corpus_store(settings: Settings, store: Any, retriever: Retriever | None) -> Any:
    """The store corpus-wide steps use; a caller's own retriever without a
    store gets plain passage answers."""
    if store is not None or retriever is not None:
        return store
    return _store_and_embeddings(settings)[0]


def _select_stage(settings: Settings, store: Any, retriever: Retriever | None) -> Callable:
    def select(state: State) -> State:
        evidence = state["passages"][: settings.top_k]
        st = _corpus_store(settings, store, retriever)
        emb = getattr(st, "embeddings", None) if st is not None else None
        extract = extractive_answer(
            state["standalone"], evidence, settings=settings, embeddings=emb
        )
        special = None
        if st is not None:
            from .intents import firm_match_answer, missing_document_answer

            question = state["standalone"]
            special = missing_document_answer(question, st) or firm_match_answer(
                question, st, extract
            )
        if special is not None:
            return {**state, "evidence": evidence, "extract": special, "intent": True}
        return {**state, "evidence": evidence, "extract": extract}

    return select


def _generate_stage(chat_model: BaseChatModel | None, settings: Settings) -> Callable:
    def generate(state: State) -> State:
        extract: Extract = state["extract"]
        if chat_model is None or extract.refused or state.get("intent"):
            return {**state, "llm_text": None}
        try:
            text = invoke_chat(chat_model, _answer_messages(state), settings)
        except BackendError as err:
            return {**state, "llm_text": None, "notice": NOTICE_BACKEND.format(err=err)}
        return {**state, "llm_text": text}

    return generate


def _answer_messages(state: State) -> list:
    return ANSWER_PROMPT.format_messages(
        passages=format_passages(state["evidence"]), question=state["standalone"]
    )


def _finish_stage(
    settings: Settings, generator: str, store: Any, retriever: Retriever | None
) -> Callable:
    def finish(state: State) -> State:
        answer = _final_answer(state, settings, generator)
        st = _corpus_store(settings, store, retriever)
        if st is not None:
            from .versions import add_version_notes

            answer = add_version_notes(answer, st)
        return {**state, "answer": answer}

    return finish


def _final_answer(state: State, settings: Settings, generator: str) -> Answer:
    extract: Extract = state["extract"]
    evidence: list[Passage] = state["evidence"]
    llm_text: str | None = state.get("llm_text")
    notice = state.get("notice", "")
    text, citations, refused, used = extract.text, extract.citations, extract.refused, "extractive"
    if llm_text is not None:
        if CANNOT_ANSWER.rstrip("。") in llm_text:
            text, citations, refused, used = refusal_text(evidence), [], True, generator
        else:
            verdict = verify(llm_text, evidence)  # [n] are passage numbers here
            if verdict.ok:
                text, citations = _renumber(llm_text, evidence)
                refused, used = False, generator
            else:
                notice = NOTICE_VERIFY.format(problem=verdict.problems[0])
    note = superseded_note(citations, evidence)
    if note:
        text = f"{text}\n{note}"
    return Answer(
        question=state["question"],
        text=text,
        citations=citations,
        refused=refused,
        passages=list(state["passages"]),
        standalone_question=state["standalone"],
        generator=used,
        notice=notice,
        timings_ms=dict(state.get("timings_ms", {})),
    )


def _renumber(text: str, evidence: Sequence[Passage]) -> tuple[str, list[Citation]]:
    """LLM [n] = passage n → citations numbered in order of first use, each with
    the chunk sentence that best matches the claim it follows."""
    mapping: dict[int, int] = {}
    claims: dict[int, list[str]] = {}
    for m in re.finditer(r"([^\[\]\n。；]*)\[(\d+)\]", text):
        n = int(m.group(2))
        mapping.setdefault(n, len(mapping) + 1)
        claims.setdefault(n, []).append(m.group(1))
    out = re.sub(r"\[(\d+)\]", lambda m: f"[{mapping[int(m.group(1))]}]", text)
    citations = []
    for n, new in mapping.items():
        p = evidence[n - 1]
        citations.append(make_citation(new, p, [_best_sentence(p, " ".join(claims[n]))]))
    return out, citations


def _best_sentence(p: Passage, claim: str) -> Sentence:
    """The chunk sentence sharing most character bigrams with the claim."""
    claim_n = normalise(claim)
    grams = {claim_n[i : i + 2] for i in range(len(claim_n) - 1)}
    sentences = split_sentences(p.chunk.text) or [Sentence(p.chunk.text, 0, len(p.chunk.text))]
    return max(sentences, key=lambda s: sum(g in normalise(s.text) for g in grams))


# --- composition ---------------------------------------------------------------------


def build_stages(
    settings: Settings,
    *,
    store: Any = None,
    embeddings: Embeddings | None = None,
    chat_model: BaseChatModel | None = None,
    retriever: Retriever | None = None,
) -> dict[str, Runnable[State, State]]:
    """The stages by name, in order; replace any of them and compose again."""
    generator = settings.llm if chat_model is not None else "extractive"
    return {
        "rewrite": _timed("rewrite", _rewrite_stage(chat_model, settings)),
        "retrieve": _timed("retrieve", _retrieve_stage(retriever, settings, store, embeddings)),
        "select": _timed("select", _select_stage(settings, store, retriever)),
        "generate": _timed("generate", _generate_stage(chat_model, settings)),
        "verify": _timed("verify", _finish_stage(settings, generator, store, retriever)),
    }


def build_chain(
    settings: Settings,
    *,
    store: Any = None,
    embeddings: Embeddings | None = None,
    chat_model: BaseChatModel | None = None,
    retriever: Retriever | None = None,
    overrides: Mapping[str, Runnable[State, State]] | None = None,
) -> Runnable[State, Answer]:
    """``{"question", "history", "filters"}`` → ``Answer``."""
    stages = build_stages(
        settings, store=store, embeddings=embeddings, chat_model=chat_model, retriever=retriever
    )
    stages.update(overrides or {})
    chain: Runnable = stages["rewrite"]
    for name in ("retrieve", "select", "generate", "verify"):
        chain = chain | stages[name]
    return chain | RunnableLambda(lambda state: state["answer"], name="answer")


def _model_for(settings: Settings, chat_model: BaseChatModel | None) -> BaseChatModel | None:
    return chat_model if chat_model is not None else get_chat_model(settings)


def answer(
    question: str,
    history: Sequence[dict[str, str]] | None = None,
    filters: Any = None,
    *,
    settings: Settings,
    store: Any = None,
    embeddings: Embeddings | None = None,
    chat_model: BaseChatModel | None = None,
    retriever: Retriever | None = None,
) -> Answer:
    """Answer one question (``history`` = earlier turns, role/content dicts)."""
    t = time.perf_counter()
    chain = build_chain(
        settings,
        store=store,
        embeddings=embeddings,
        chat_model=_model_for(settings, chat_model),
        retriever=retriever,
    )
    result = chain.invoke(
        {"question": question, "history": list(history or []), "filters": filters}
    )
    result.timings_ms["total"] = round((time.perf_counter() - t) * 1000, 2)
    return result


def stream_answer(
    question: str,
    history: Sequence[dict[str, str]] | None = None,
    filters: Any = None,
    *,
    settings: Settings,
    store: Any = None,
    embeddings: Embeddings | None = None,
    chat_model: BaseChatModel | None = None,
    retriever: Retriever | None = None,
) -> Iterator[AnswerEvent]:
    """Text deltas (str) as they are produced, then the final ``Answer``."""
    t0 = time.perf_counter()
    model = _model_for(settings, chat_model)
    stages = build_stages(
        settings, store=store, embeddings=embeddings, chat_model=model, retriever=retriever
    )
    prepare = stages["rewrite"] | stages["retrieve"] | stages["select"]
    state = prepare.invoke(
        {"question": question, "history": list(history or []), "filters": filters}
    )
    extract: Extract = state["extract"]
    t = time.perf_counter()
    if model is None or extract.refused or state.get("intent"):
        yield from extract.pieces
        state["llm_text"] = None
    else:
        parts: list[str] = []
        try:
            for delta in stream_chat(model, _answer_messages(state), settings):
                parts.append(delta)
                yield delta
            state["llm_text"] = "".join(parts)
        except BackendError as err:
            state["llm_text"] = None
            state["notice"] = NOTICE_BACKEND.format(err=err)
    state["timings_ms"]["generate"] = round((time.perf_counter() - t) * 1000, 2)
    final = stages["verify"].invoke(state)["answer"]
    final.timings_ms["total"] = round((time.perf_counter() - t0) * 1000, 2)
    yield final
