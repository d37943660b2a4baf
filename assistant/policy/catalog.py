"""Corpus-wide views built from the store: measure cards and cited documents.

Both are derived from the chunks: cached per store generation, and what each
document yields is cached by its content hash, so after an ingest only the
changed documents are read again (the whole 40 laws take ≈0.6 s each).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from assistant.policy.cards import MeasureCard
from assistant.policy.document import document_measures
from assistant.policy.references import RefStatus, resolve_references
from assistant.records import DocRecord
from assistant.store import Store
from assistant.text import Cite, citations_from_rows, document_citations

_lock = threading.Lock()


@dataclass
class _Views:
    generation: str
    cards: list[MeasureCard] | None = None
    refs: list[RefStatus] | None = None


_cache: dict[int, _Views] = {}
# (doc_id, content hash, status) -> what that document yields. An ingest that
# changes three documents re-reads three, not the corpus (at 100k chunks the
# corpus-wide pass takes ~25 s).
_DocKey = tuple[str, str, str]
_cards_by_doc: dict[_DocKey, list[MeasureCard]] = {}
_cites_by_doc: dict[_DocKey, list[Cite]] = {}


def _views(store: Store) -> _Views:
    gen = store.generation()
    with _lock:
        views = _cache.get(id(store))
        if views is None or views.generation != gen:
            views = _cache[id(store)] = _Views(gen)
        return views


def _key(doc: DocRecord) -> _DocKey:
    kept = doc.citations is not None  # citations read at ingest, or to be read from chunks
    return (doc.doc_id, doc.content_hash, f"{doc.status}|{doc.expires}|{doc.effective}|{kept}")


def _per_document(
    store: Store, memo: dict[_DocKey, list], build: Callable[[DocRecord, Store], list]
) -> dict[str, list]:
    """doc_id -> build(doc, store) for every document, re-using ``memo``."""
    docs = store.documents()
    keys = {doc.doc_id: _key(doc) for doc in docs}
    out: dict[str, list] = {}
    for doc in docs:
        key = keys[doc.doc_id]
        if key not in memo:
            memo[key] = build(doc, store)
        out[doc.doc_id] = memo[key]
    live = set(keys.values())
    with _lock:
        for stale in [k for k in memo if k not in live]:
            memo.pop(stale, None)
    return out


def _citations(doc: DocRecord, store: Store) -> list[Cite]:
    if doc.citations is not None:  # read at ingest
        return citations_from_rows(doc.citations)
    return document_citations(store.doc_chunks(doc.doc_id))


def _cards(doc: DocRecord, store: Store) -> list[MeasureCard]:
    return document_measures(store.doc_chunks(doc.doc_id), doc)


def measure_cards(store: Store) -> list[MeasureCard]:
    """Every measure card of every indexed document (current and superseded)."""
    views = _views(store)
    if views.cards is None:
        by_doc = _per_document(store, _cards_by_doc, _cards)
        views.cards = [card for cards in by_doc.values() for card in cards]
    return views.cards


def reference_statuses(store: Store) -> list[RefStatus]:
    """Documents the corpus cites, each present or missing."""
    views = _views(store)
    if views.refs is None:
        cites = _per_document(store, _cites_by_doc, _citations)
        views.refs = resolve_references(store.documents(), citations=cites)
    return views.refs
