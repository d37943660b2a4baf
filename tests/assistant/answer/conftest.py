"""The answer chain over the bundled corpus, asked as the page asks it."""

from __future__ import annotations

import pytest

from assistant.answer.chain import answer
from assistant.store import Store


@pytest.fixture(scope="module")
def ask(corpus_index):  # type: ignore[no-untyped-def]
    store = Store(corpus_index)
    return lambda q, history=None: answer(q, history, settings=corpus_index, store=store)
