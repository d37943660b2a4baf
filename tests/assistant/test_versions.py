"""Answers say when another version of the cited article reads differently."""

from __future__ import annotations

from assistant.chain import answer
from assistant.store import Store


def test_current_answer_points_to_the_differing_older_article(corpus_index):
    result = answer(
        "机关事业单位从中小企业采购的付款期限是多少？",
        settings=corpus_index,
        store=Store(corpus_index),
    )
    assert "30日" in result.text and "60日" in result.text
    statuses = [c.status for c in result.citations]
    assert statuses[0] == "current" and "superseded" in statuses
    old = next(c for c in result.citations if c.status == "superseded")
    assert "第八条" in result.text and old.section.endswith("第八条")


def test_answer_from_the_old_version_points_to_the_one_in_force(corpus_index):
    result = answer(
        "2020年版的保障中小企业款项支付条例对机关事业单位付款期限是怎么规定的？",
        settings=corpus_index,
        store=Store(corpus_index),
    )
    assert result.citations[0].status == "superseded"
    assert "已被新版本替代" in result.text and "现行版本" in result.text
    assert any(c.status == "current" and c.section.endswith("第九条") for c in result.citations)
