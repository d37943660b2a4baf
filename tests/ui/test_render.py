"""What the page shows, as text: answers with sources, a source in context,
the exported answer, feedback lines."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import replace

from assistant.records import Answer, ChunkRecord, Citation, DocRecord
from ui import render
from ui.feedback import append_feedback, feedback_record

DOC = DocRecord(
    doc_id="d1",
    title="广西测试条例",
    source="/data/uploads/条例.pdf",
    issuer="广西壮族自治区人民政府",
    doc_number="桂政发〔2024〕1号",
    issued="2024-01-02",
    effective="2024-03-01",
    status="superseded",
    chunk_ids=("c1", "c2", "c3", "c4"),
)
CHUNKS = [
    ChunkRecord("c1", "d1", "第一条 为了测试，制定本条例。", ("第一章", "第一条"), 1, 1, 0, 15),
    ChunkRecord(
        "c2",
        "d1",
        "第二条 补贴标准为每人<500>元。本条例自公布之日起施行。",
        ("第一章", "第二条"),
        1,
        1,
        15,
        44,
    ),
    ChunkRecord("c3", "d1", "第三条 本条例由财政厅解释。", ("第一章", "第三条"), 2, 2, 44, 58),
    ChunkRecord("c4", "d1", "第四条 附则。", ("第二章", "第四条"), 3, 3, 58, 65),
]


def citation(chunk: ChunkRecord = CHUNKS[1], span: str = "补贴标准为每人<500>元。") -> Citation:
    return Citation(
        n=1,
        chunk_id=chunk.chunk_id,
        doc_id="d1",
        title=DOC.title,
        source=DOC.source,
        section=chunk.section,
        page=chunk.page,
        text=chunk.text,
        span=span,
        status="superseded",
        doc_number=DOC.doc_number,
        issuer=DOC.issuer,
        issued=DOC.issued,
    )


def answer() -> Answer:
    return Answer(
        question="补贴标准是多少？", text="补贴标准为每人500元[1]", citations=[citation()]
    )


def test_answer_markdown_lists_numbered_sources_with_place_and_status() -> None:
    md = render.answer_markdown(answer())
    assert md.startswith("补贴标准为每人500元\\[1\\]")
    assert "\\[1\\] 《广西测试条例》 第一章 > 第二条 · 第1页（已被替代）" in md
    assert render.plain(md).startswith("补贴标准为每人500元[1]")


def test_highlight_marks_the_span_and_escapes_html() -> None:
    out = render.highlight("前文<b>补贴标准为每人<500>元。</b>后文", "补贴标准为每人<500>元。")
    assert out == "前文&lt;b&gt;<mark>补贴标准为每人&lt;500&gt;元。</mark>&lt;/b&gt;后文"
    assert render.highlight("没有", "别的") == "没有"


def test_context_of_a_paged_source_is_its_whole_page() -> None:
    shown = render.context_chunks(CHUNKS, "c2", page=1)
    assert [c.chunk_id for c in shown] == ["c1", "c2"]


def test_context_of_an_unpaged_source_is_its_neighbours() -> None:
    unpaged = [
        ChunkRecord(c.chunk_id, c.doc_id, c.text, c.section_path, None, None, c.start, c.end)
        for c in CHUNKS
    ]
    assert [c.chunk_id for c in render.context_chunks(unpaged, "c3", None)] == ["c2", "c3", "c4"]
    assert render.context_chunks(unpaged, "missing", None) == []


def test_passage_html_shows_document_facts_and_marked_sentence() -> None:
    shown = render.context_chunks(CHUNKS, "c2", page=1)
    out = render.passage_html(citation(), DOC, shown)
    for fact in (
        "广西测试条例",
        "广西壮族自治区人民政府",
        "桂政发〔2024〕1号",
        "2024-01-02",
        "已被替代",
        "第一章 &gt; 第二条",
        "第1页",
    ):
        assert fact in out, fact
    assert "<mark>补贴标准为每人&lt;500&gt;元。</mark>" in out
    assert "为了测试" in out  # the rest of page 1
    assert "财政厅" not in out  # page 2 is not shown


def test_overlapping_chunks_are_not_shown_twice() -> None:
    a = ChunkRecord("a", "d", "甲乙丙丁", (), None, None, 0, 4)
    b = ChunkRecord("b", "d", "丙丁戊己", (), None, None, 2, 6)
    out = render.passage_html(citation(a, span="乙丙"), None, [a, b])
    assert '甲<mark>乙丙</mark>丁</div><div class="pqa-around">戊己</div>' in out


def test_export_markdown_has_question_answer_sources_and_quotes() -> None:
    md = render.export_markdown(answer())
    assert md.startswith("# 问：补贴标准是多少？")
    assert (
        "\\[1\\] 《广西测试条例》（广西壮族自治区人民政府，桂政发〔2024〕1号，发布 2024-01-02，已被替代"
        in md
    )
    assert "> 补贴标准为每人<500>元。" in md  # not a tag: left as typed


def test_library_and_result_rows() -> None:
    rows = render.library_rows([DOC])
    assert rows[0][:8] == [
        "广西测试条例",
        DOC.issuer,
        DOC.doc_number,
        "2024-01-02",
        "2024-03-01",
        "",
        "已被替代",
        4,
    ]
    expired = replace(DOC, status="current", expires="2020-12-31")
    assert render.library_rows([expired])[0][5:7] == ["2020-12-31", "已失效"]

    class R:
        path, status, title, chunks, reason = "/x/y/坏.pdf", "failed", "", 0, "无法读取"

    assert render.result_rows([R()]) == [["坏.pdf", "失败", "", 0, "无法读取"]]
    R.reason = "坏.pdf is HTML, not PDF; check the file or give it the right extension"
    assert render.result_rows([R()])[0][4] == (
        "坏.pdf 的内容是网页（HTML），不是PDF；请检查文件或改用正确的扩展名"
    )


# --- document text is data (issue 12) ----------------------------------------------------

HOSTILE = (
    '为每人九万九千元<img src="http://127.0.0.1:9/beacon.png">，申报请登录'
    "[官方申报入口](http://127.0.0.1:9/phish)。<style>p{display:none}</style>"
    "见 www.example.cn 或 a@b.cn，$$x^2$$，*重点*、__粗__、`代码`、~~删~~、R&D &amp; |表|"
)
LINES = "# 标题\n1. 第一项\n- 第二项\n===\n    缩进四格\n> 引用\n2024) 年份"


def test_md_text_leaves_no_markup_and_reads_back_exactly() -> None:
    for text in (HOSTILE, LINES, "普通文本 0.84% （一）(以下简称条例)：第1.2条"):
        md = render.md_text(text)
        assert render.plain(md).replace("\u00a0", " ") == text
        assert "<" not in md and "](" not in md.replace("\\](", "")
        assert not re.search(r"(?<!\\)[`*_~$|\[\]]", md.replace("\\\\", "")), md
        for live in ("http://", "www.", "\n#", "\n1.", "\n-", "\n=", "\n    "):
            assert live not in md, live
    assert (
        render.md_text("普通文本 0.84% （一）(以下简称条例)")
        == "普通文本 0.84% （一）(以下简称条例)"
    )


def test_quoted_document_text_is_escaped_in_bubble_and_export() -> None:
    hostile = citation(CHUNKS[1], span=HOSTILE)
    hostile = replace(hostile, title="条例<b>x</b>", section="第[一](http://e)条")
    a = Answer(question="问<i>？", text=HOSTILE + "[1]", citations=[hostile])
    for md in (render.answer_markdown(a), render.export_markdown(a)):
        assert "<img" not in md and "<style" not in md and "<b>" not in md and "<i>" not in md
        assert not re.search(r"(?<!\\)\]\(", md) and "http://" not in md
        assert "&lt;img src=" in md


def test_feedback_lines_survive_concurrent_appends(tmp_path) -> None:
    path = tmp_path / "fb" / "feedback.jsonl"
    record = feedback_record(answer(), useful=False, comment="  数字不对 " * 3)

    def write() -> None:
        for _ in range(50):
            append_feedback(path, record)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200
    got = json.loads(lines[0])
    assert got["useful"] is False and got["question"] == "补贴标准是多少？"
    assert got["sources"][0]["span"] == "补贴标准为每人<500>元。"
    assert got["comment"].startswith("数字不对")
    assert len([json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]) == 200
