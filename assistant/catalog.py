"""Corpus-wide views built from the store: measure cards and cited documents.

Both are derived from the chunks, so they are cached per store generation
and rebuilt after any ingest or delete (≈0.7 s for the 40 laws).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from .measure_cards import MeasureCard
from .measures import extract_measures
from .references import RefStatus, resolve_references
from .store import Store

_lock = threading.Lock()


@dataclass
class _Views:
    generation: str
    cards: list[MeasureCard] | None = None
    refs: list[RefStatus] | None = None


_cache: dict[int, _Views] = {}


def _views(store: Store) -> _Views:
    gen = store.generation()
    with _lock:
        views = _cache.get(id(store))
        if views is None or views.generation != gen:
            views = _cache[id(store)] = _Views(gen)
        return views


def measure_cards(store: Store) -> list[MeasureCard]:
    """Every measure card of every indexed document (current and superseded)."""
    views = _views(store)
    if views.cards is None:
        cards: list[MeasureCard] = []
        for doc in store.documents():
            for chunk in store.doc_chunks(doc.doc_id):
                cards.extend(extract_measures(chunk, doc))
        views.cards = cards
    return views.cards


def reference_statuses(store: Store) -> list[RefStatus]:
    """Documents the corpus cites, each present or missing."""
    views = _views(store)
    if views.refs is None:
        docs = store.documents()
        views.refs = resolve_references(docs, {d.doc_id: store.doc_chunks(d.doc_id) for d in docs})
    return views.refs
