"""HTML and Markdown for the page: answers with their sources, a source in
its context (the cited sentence marked), the exported answer, library rows.

Pure functions over the project's records; no Gradio here, so every piece of
what the page shows is unit-tested as text.

Document text is data (issue 12): whatever a document says — a quoted
sentence, a title, a section heading, a file name — reaches Markdown only
through ``md_text`` and HTML only through ``html.escape``, so an ``<img>`` or
a ``[link](…)`` planted in a document shows as the characters it is. Only
the markup written here (bold labels, the notice quote) is live.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Sequence

from assistant.records import Answer, ChunkRecord, Citation, DocRecord, validity_label

from .messages import to_chinese

RESULT_LABELS = {
    "added": "新增",
    "updated": "已更新",
    "unchanged": "未变化",
    "removed": "已移除",
    "failed": "失败",
}


# --- text as text ----------------------------------------------------------------

# What could start markup in Markdown (CommonMark + GFM, as Gradio renders
# it) is neutralised; everything else stays as typed, so an exported file
# still reads well as plain text ("R&D", "0.84%", "(一)", "第一章 > 第九条" are
# left alone). Escaped ASCII punctuation shows as itself; a "<" that could
# open a tag, comment or autolink, an "&" that could start an entity and a
# ">" that would start a quote become entities.
_ALWAYS = {c: "\\" + c for c in "\\`*_[]|~$@"}
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"^(?:[#+=-]|\d+[.)]|>)", re.MULTILINE)  # heading, list, setext, quote
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp)://|\b(www)\.")
_LEADING_SPACE = re.compile(r"^[ \t]+", re.MULTILINE)
_UNESCAPE = re.compile("\\\\([" + re.escape(string.punctuation) + "])|&(lt|gt|amp);")


def md_text(text: str) -> str:
    """``text`` as Markdown that renders exactly as ``text``: no link, image,
    tag, emphasis, heading, list, table, code or formula; line breaks kept."""
    out = _ENTITY.sub("&amp;", text)
    out = "".join(_ALWAYS.get(c, c) for c in out)
    out = _TAG_OPEN.sub("&lt;", out)
    # Four leading spaces would start a code block (shown raw, escapes and
    # all): indentation becomes no-break spaces, which Markdown leaves alone.
    out = _LEADING_SPACE.sub(lambda m: "\u00a0" * len(m.group(0).expandtabs(4)), out)
    out = _BLOCK_START.sub(_neutral_block_start, out)
    # GFM links bare URLs; a backslash in "http\://" or "www\." stops it.
    return _AUTOLINK.sub(lambda m: f"{m[1]}\\://" if m[1] else f"{m[2]}\\.", out)


def _neutral_block_start(m: re.Match[str]) -> str:
    start = m.group(0)
    return "&gt;" if start == ">" else start[:-1] + "\\" + start[-1]


def plain(markdown: str) -> str:
    """The text ``md_text`` was given (for text read back from the chat)."""
    return _UNESCAPE.sub(
        lambda m: m.group(1) or {"lt": "<", "gt": ">", "amp": "&"}[m.group(2)], markdown
    ).replace("\u00a0", " ")


def _where(section: str, page: int | None) -> str:
    parts = [section] if section else []
    if page is not None:
        parts.append(f"第{page}页")
    return " · ".join(parts)


def source_label(c: Citation) -> str:
    """One line naming a source: "[1] 《title》 第二章 > 第九条 · 第3页（已被替代）"."""
    where = _where(c.section, c.page)
    tail = f"（{validity_label(c.validity)}）" if c.validity != "current" else ""
    return f"[{c.n}] 《{c.title}》" + (f" {where}" if where else "") + tail


def answer_markdown(answer: Answer) -> str:
    """What the chat bubble shows: the answer, a notice, then its numbered sources."""
    parts = [md_text(answer.text.strip())]
    if answer.notice:
        parts.append(f"> {md_text(to_chinese(answer.notice))}")
    if answer.citations:
        lines = ["**来源**（在右侧“来源”中选择编号可查看原文）"]
        lines += [md_text(source_label(c)) for c in answer.citations]
        parts.append("\n\n".join(lines))
    return "\n\n".join(p for p in parts if p)


def export_markdown(answer: Answer) -> str:
    """A self-contained Markdown record of one answer with its sources and quotes
    (every piece of document text escaped: the file is safe to render)."""
    lines = [f"# 问：{md_text(answer.question)}", "", md_text(answer.text.strip()), ""]
    if answer.notice:
        lines += [f"> {md_text(to_chinese(answer.notice))}", ""]
    if answer.citations:
        lines += ["## 来源", ""]
    for c in answer.citations:
        meta = "，".join(
            x
            for x in (
                c.issuer,
                c.doc_number,
                f"发布 {c.issued}" if c.issued else "",
                validity_label(c.validity),
                _where(c.section, c.page),
            )
            if x
        )
        lines.append(md_text(f"[{c.n}] 《{c.title}》（{meta}）"))
        lines.append(f"    来源文件：{md_text(c.source)}")
        quote = (c.span or c.text).strip().replace("\n", " ")
        lines += ["", f"> {md_text(quote)}", ""]
    return "\n".join(lines).rstrip() + "\n"


# --- a source in its context ------------------------------------------------------


def highlight(text: str, span: str) -> str:
    """Escaped ``text`` with the first occurrence of ``span`` inside <mark>."""
    span = span.strip()
    pos = text.find(span) if span else -1
    if pos < 0:
        return html.escape(text)
    end = pos + len(span)
    return (
        html.escape(text[:pos])
        + "<mark>"
        + html.escape(text[pos:end])
        + "</mark>"
        + html.escape(text[end:])
    )


def context_chunks(
    chunks: Sequence[ChunkRecord], chunk_id: str, page: int | None, neighbours: int = 1
) -> list[ChunkRecord]:
    """The chunks to show around a cited one: its whole page for a paged source
    (a PDF), else the chunk with ``neighbours`` chunks either side."""
    ordered = sorted(chunks, key=lambda c: (c.start, c.end))
    index = next((i for i, c in enumerate(ordered) if c.chunk_id == chunk_id), None)
    if index is None:
        return []
    if page is not None:
        return [c for c in ordered if _on_page(c, page)]
    return ordered[max(0, index - neighbours) : index + neighbours + 1]


def _on_page(chunk: ChunkRecord, page: int) -> bool:
    if chunk.page is None:
        return False
    last = chunk.page_end if chunk.page_end is not None else chunk.page
    return chunk.page <= page <= last


def _trimmed(chunks: Sequence[ChunkRecord]) -> list[tuple[ChunkRecord, str]]:
    """Each chunk's text minus the part the previous chunk already showed
    (chunks may overlap; offsets say by how much when the text is exact)."""
    out: list[tuple[ChunkRecord, str]] = []
    cursor = -1
    for c in chunks:
        text = c.text
        exact = len(text) == c.end - c.start
        if exact and cursor > c.start:
            text = text[min(len(text), cursor - c.start) :]
        out.append((c, text))
        cursor = max(cursor, c.end)
    return out


def passage_html(c: Citation, doc: DocRecord | None, shown: Sequence[ChunkRecord]) -> str:
    """The source panel: document facts, then the passage in context with the
    cited chunk framed and the cited sentence marked."""
    title = doc.title if doc else c.title
    facts = [
        ("发文机关", (doc.issuer if doc else c.issuer) or "—"),
        ("文号", (doc.doc_number if doc else c.doc_number) or "—"),
        ("发布日期", (doc.issued if doc else c.issued) or "—"),
    ]
    if doc and doc.effective:
        facts.append(("施行日期", doc.effective))
    if doc and doc.expires:
        facts.append(("有效期至", doc.expires))
    validity = doc.validity() if doc else c.validity
    facts.append(("效力状态", validity_label(validity)))
    if c.section:
        facts.append(("条款位置", c.section))
    if c.page is not None:
        facts.append(("页码", f"第{c.page}页"))
    facts.append(("来源文件", doc.source if doc else c.source))
    rows = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in facts
    )
    cls = "pqa-status-current" if validity == "current" else "pqa-status-superseded"
    head = (
        f'<div class="pqa-source"><h3>[{c.n}] 《{html.escape(title)}》 '
        f'<span class="{cls}">{html.escape(validity_label(validity))}</span></h3>'
        f'<table class="pqa-facts">{rows}</table>'
    )
    label = f"第{c.page}页全文" if c.page is not None else "上下文"
    body = _context_body(c, shown)
    return f'{head}<div class="pqa-context-label">{label}</div><div class="pqa-context">{body}</div></div>'


def _context_body(c: Citation, shown: Sequence[ChunkRecord]) -> str:
    if not shown or all(ch.chunk_id != c.chunk_id for ch in shown):
        return f'<div class="pqa-cited">{highlight(c.text, c.span)}</div>'
    parts = []
    for chunk, text in _trimmed(shown):
        if chunk.chunk_id == c.chunk_id:
            # The citation's own chunk text is authoritative for the span.
            marked = highlight(text, c.span) if c.span in text else highlight(c.text, c.span)
            parts.append(f'<div class="pqa-cited">{marked}</div>')
        else:
            parts.append(f'<div class="pqa-around">{html.escape(text)}</div>')
    return "".join(parts)


PLACEHOLDER_HTML = '<div class="pqa-source pqa-empty">选择一个来源编号，查看原文和所在位置。</div>'


# --- library ------------------------------------------------------------------------

LIBRARY_HEADERS = [
    "标题",
    "发文机关",
    "文号",
    "发布日期",
    "施行日期",
    "有效期至",
    "效力状态",
    "段数",
    "加入时间",
    "来源",
    "doc_id",
]


def library_rows(docs: Sequence[DocRecord]) -> list[list[str | int]]:
    return [
        [
            d.title,
            d.issuer,
            d.doc_number,
            d.issued,
            d.effective,
            d.expires,
            validity_label(d.validity()),
            d.chunks,
            d.added_at.replace("T", " ")[:19],
            d.source,
            d.doc_id,
        ]
        for d in docs
    ]


RESULT_HEADERS = ["文件", "结果", "标题", "段数", "原因"]


def result_rows(results: Sequence[object]) -> list[list[str | int]]:
    """Per-file ingest results (``ingest.pipeline.FileResult``-like objects)."""
    rows: list[list[str | int]] = []
    for r in results:
        status = str(getattr(r, "status", ""))
        rows.append(
            [
                str(getattr(r, "path", "")).rsplit("/", 1)[-1],
                RESULT_LABELS.get(status, status),
                str(getattr(r, "title", "")),
                int(getattr(r, "chunks", 0)),
                to_chinese(str(getattr(r, "reason", "")), "无法读取该文件，已记录日志"),
            ]
        )
    return rows
