"""Chunking the 40 real laws and the seed report: exact offsets, limits, article paths."""

from __future__ import annotations

import itertools
import re
import time
from collections import defaultdict
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.text.tokens import count_tokens
from ingest.chunker import chunk_document
from ingest.structure import parse_structure
from ingest.types import ChunkDraft, CleanDocument
from tests.conftest import SEED_FILE as SEED
from tests.conftest import law_files, law_path

LAW_FILES = law_files()
ARTICLE_LINE = re.compile(
    r"(?m)^(第[零〇一二三四五六七八九十百千两]+条(?:之[一二三四五六七八九十]+)?)[ \u3000]"
)
ARTICLE_LABEL = re.compile(r"^第[零〇一二三四五六七八九十百千两]+条(?:之[一二三四五六七八九十]+)?$")
SENTENCE_END = tuple("。！？；：!?;:")
SETTINGS = Settings()


def document(path: Path, text: str | None = None) -> CleanDocument:
    if text is None:
        text = path.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[-1]
    return CleanDocument(path, "text", text, [(0, len(text), None)])


def ends_cleanly(doc: CleanDocument, chunk: ChunkDraft) -> bool:
    """At a sentence end (closing quotes allowed) or at the end of a line."""
    tail = chunk.text.rstrip("”’」』）)》")
    rest = doc.text[chunk.end : chunk.end + 1]
    return tail.endswith(SENTENCE_END) or rest in ("", "\n")


def sentence_around(text: str, offset: int) -> str:
    stops = "。！？；\n"
    start = max(text.rfind(c, 0, offset) for c in stops) + 1
    ends = [i for i in (text.find(c, offset) for c in stops) if i >= 0]
    return text[start : min(ends, default=len(text)) + 1]


@pytest.fixture(scope="module")
def law_chunks() -> list[tuple[CleanDocument, list[ChunkDraft]]]:
    docs = [document(path) for path in LAW_FILES]
    return [(doc, chunk_document(doc, SETTINGS)) for doc in docs]


def test_offsets_limits_and_sentence_ends(law_chunks) -> None:
    for doc, chunks in law_chunks:
        assert chunks, doc.source.name
        for chunk in chunks:
            assert doc.text[chunk.start : chunk.end] == chunk.text
            assert chunk.text == chunk.text.strip()
            assert count_tokens(chunk.text) <= SETTINGS.chunk_max_tokens
            assert ends_cleanly(doc, chunk), (doc.source.name, chunk.text[-20:])
        starts = [c.start for c in chunks]
        assert starts == sorted(starts)
        assert all(a.end <= b.start for a, b in itertools.pairwise(chunks))


def test_every_article_has_its_own_chunks(law_chunks) -> None:
    """Each 第X条 ends the path of ≥1 chunk; its chunks are consecutive, share one
    path, and hold no other article (a long article's parts repeat the path)."""
    for doc, chunks in law_chunks:
        expected = ARTICLE_LINE.findall(doc.text)
        runs: dict[str, list[int]] = defaultdict(list)
        for i, chunk in enumerate(chunks):
            labels = [p for p in chunk.section_path if ARTICLE_LABEL.match(p)]
            assert len(labels) <= 1
            if labels:
                assert chunk.section_path[-1] == labels[0]
                runs[labels[0]].append(i)
                assert ARTICLE_LINE.findall(chunk.text) in ([], [labels[0]])
        assert sorted(runs, key=expected.index) == expected, doc.source.name
        for label, indexes in runs.items():
            assert indexes == list(range(indexes[0], indexes[-1] + 1)), label
            assert len({chunks[i].section_path for i in indexes}) == 1
            assert chunks[indexes[0]].text.startswith(label)


def test_article_chapter_paths(law_chunks) -> None:
    by_name = {doc.source.name: chunks for doc, chunks in law_chunks}
    paths = {
        c.section_path[-1]: c.section_path for c in by_name["企业所得税法实施条例(2019-04-23).md"]
    }
    assert paths["第九十二条"] == ("第四章 税收优惠", "第九十二条")
    assert paths["第十五条"] == ("第二章 应纳税所得额", "第二节 收入", "第十五条")
    water = by_name["广东省水污染防治条例(2021-09-29).md"]
    assert any(
        c.section_path[:2] == ("第四章 水污染防治措施", "第四节 船舶水污染防治") for c in water
    )


def test_headings_are_not_in_chunk_text(law_chunks) -> None:
    for _doc, chunks in law_chunks:
        for chunk in chunks:
            assert not re.search(r"(?m)^#", chunk.text)


def test_tiny_articles_stay_alone(law_chunks) -> None:
    by_name = {doc.source.name: chunks for doc, chunks in law_chunks}
    last = by_name["税收征收管理法(2015-04-24).md"][-1]
    assert last.text == "第九十四条 本法自2001年5月1日起施行。"
    assert last.section_path == ("第六章 附则", "第九十四条")


def test_long_articles_split_at_sentences_with_shared_path() -> None:
    doc = document(law_path("企业所得税法实施条例(2019-04-23).md"))
    settings = SETTINGS.with_overrides(chunk_max_tokens=80, chunk_min_tokens=20)
    chunks = chunk_document(doc, settings)
    parts = defaultdict(list)
    for chunk in chunks:
        assert count_tokens(chunk.text) <= 80
        assert doc.text[chunk.start : chunk.end] == chunk.text
        parts[chunk.section_path].append(chunk)
    split = [p for p in parts.values() if len(p) > 1]
    assert len(split) > 20
    for chunk in (c for group in split for c in group):
        if not ends_cleanly(doc, chunk):
            # Only a sentence longer than the limit may be cut inside (at ，/、,
            # or by length when a clause alone is too long).
            assert count_tokens(sentence_around(doc.text, chunk.end)) > 80


def test_sentence_without_stops_is_cut_at_commas_then_by_length() -> None:
    commas = "，".join(["企业应当依法申报纳税并按期缴纳税款"] * 40) + "。"
    solid = "甲" * 900
    doc = document(Path("x.txt"), f"{commas}\n\n{solid}")
    chunks = chunk_document(doc, SETTINGS)
    assert len(chunks) >= 4
    for chunk in chunks:
        assert count_tokens(chunk.text) <= SETTINGS.chunk_max_tokens
        assert doc.text[chunk.start : chunk.end] == chunk.text
    assert all(c.text.endswith(("，", "。")) for c in chunks if c.end <= len(commas))
    assert "".join(c.text for c in chunks if c.start > len(commas)) == solid


def test_small_paragraphs_merge_within_a_section_only() -> None:
    text = (
        "一、背景\n\n"
        + "\n\n".join(f"第{i}段很短。" for i in range(8))
        + "\n\n二、任务\n\n任务一句。"
    )
    doc = document(Path("x.txt"), text)
    chunks = chunk_document(doc, SETTINGS)
    assert [c.section_path for c in chunks] == [("一、背景",), ("二、任务",)]
    assert chunks[0].text.startswith("第0段很短。") and chunks[0].text.endswith("第7段很短。")


def test_seed_report_paths_and_evidence() -> None:
    doc = document(SEED)
    chunks = chunk_document(doc, SETTINGS)
    for chunk in chunks:
        assert doc.text[chunk.start : chunk.end] == chunk.text
        assert count_tokens(chunk.text) <= SETTINGS.chunk_max_tokens
        assert ends_cleanly(doc, chunk)
        assert not chunk.text.startswith(("三、对策建议", "（一）"))

    def path_of(evidence: str) -> tuple[str, ...]:
        (hit,) = [c for c in chunks if evidence in c.text]
        return hit.section_path

    assert path_of("一行业一标杆") == (
        "三、对策建议",
        "（一）提升产业发展效能，推动产业链上下游协同",
    )
    assert path_of("专业谱系图") == ("三、对策建议", "（二）强化科技创新支撑，推动“四链”深度融合")
    assert path_of("单项冠军109家") == (
        "一、广西产业链聚链集群发展迎来重大机遇",
        "（三）产业发展势头良好，新型工业化步伐加快",
    )


def test_pages_follow_offsets() -> None:
    text = "第一条 甲方。\n\n第二条 乙方。\n\n第三条 丙方跨页的句子。"
    cut = text.index("第三条") + 4
    doc = CleanDocument(Path("x.pdf"), "pdf", text, [(0, cut, 1), (cut, len(text), 2)])
    chunks = chunk_document(doc, SETTINGS)
    assert [(c.page, c.page_end) for c in chunks] == [(1, 1), (1, 1), (1, 2)]


def test_structure_blocks_and_chunks_agree_on_paths(law_chunks) -> None:
    doc, chunks = law_chunks[0]
    article_paths = [b.path for b in parse_structure(doc.text) if b.kind == "article"]
    assert [p for p in dict.fromkeys(c.section_path for c in chunks) if p in article_paths] == (
        article_paths
    )


def test_chunking_is_fast_enough() -> None:
    """≥ 50 pages/s: the 40 laws (~327k characters, ~650 pages of ~500) well under 13 s."""
    docs = [document(path) for path in LAW_FILES]
    count_tokens("warm up")
    began = time.perf_counter()
    for doc in docs:
        chunk_document(doc, SETTINGS)
    assert time.perf_counter() - began < 13
