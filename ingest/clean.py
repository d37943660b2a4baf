"""Cleaning: loaded pages -> one text with the page of every character.

The official characters are kept (no NFKC: full-width brackets and U+3000 in
headings are part of the text the structure parser and citations rely on).
What changes is layout: odd spaces, running headers and page numbers, lines
broken by visual wrap or by a page break, spaces LibreOffice puts between
digits and Chinese, and footnote texts, which move next to their markers.

Paragraphs are kept as lists of (text, page) pieces while lines are rejoined
and footnotes move, so ``page_spans`` stays exact.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from assistant.text import DOC_NUMBER_RE, SUPERSCRIPTS
from ingest.types import CleanDocument, LoadedDocument

_SUP_VALUE = {c: str(i) for i, c in enumerate(SUPERSCRIPTS)}
# A line ending in one of these ends its sentence (or introduces a list).
_TERMINAL = "。！？；：!?;:…"
_CLOSERS = "”’」』）)》】"
# A line ending in one of these is surely continued on the next line.
_SOFT = "，、,（(《“‘【—"
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\t]")
_NUM = "一二三四五六七八九十百千零〇两"
_BLOCK_START = re.compile(
    rf"""^\s*(?:
        [{_NUM}]+\s*[、.．]                      # 一、
      | [（(]\s*[{_NUM}]+\s*[)）]                # （一）
      | 第\s*[{_NUM}\d]+\s*[编章节条款部分]       # 第三章 / 第十条
      | \d{{1,3}}\s*[、.．](?![\d.．])           # 1. / 1、 (not 2.5)
      | [（(]\s*\d{{1,3}}\s*[)）]                # （1）
      | [①-⑳]
      | 附件\s*\d*\s*[:：]?\s*$
      | [{SUPERSCRIPTS}]+\s*\S                   # a footnote text
    )""",
    re.X,
)
_HEADING = _BLOCK_START
# Markdown structure is never joined to a neighbour.
_STRUCTURAL = re.compile(r"^\s*(?:#{1,6}\s|\||>|[-*+]\s|```|<!--)")
_FOOTNOTE = re.compile(rf"^\s*([{SUPERSCRIPTS}]+)\s*([^{SUPERSCRIPTS}\s].*)$")
_PAGE_NUMBER = re.compile(
    r"""^\s*(?:
        [-—–－~\s]*\d{1,4}[-—–－~\s]*
      | 第\s*\d+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?
      | 共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页
      | \d{1,4}\s*[/／]\s*\d{1,4}
      | (?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?
      | [-—–－]\s*[ivxlcIVXLC]+\s*[-—–－]
    )\s*$""",
    re.X | re.I,
)
_CJK_SPACE_DIGIT = re.compile(rf"(?<=[{_CJK}])[ ]+(?=\d)")
_DIGIT_SPACE_CJK = re.compile(rf"(\d+(?:[.．]\d+)*)[ ]+(?=[{_CJK}])")
_SEP_RANK = {"newline": 0, "blank": 1, "page": 2}


# --- pure str -> str steps ----------------------------------------------------


def normalize_whitespace(text: str) -> str:
    """Drop zero-width marks, odd spaces -> " ", strip line ends, collapse blank runs.

    U+3000 stays: it is part of headings such as ``第一章　总　　则``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = "\n".join(line.rstrip(" \u3000") for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def remove_digit_spaces(text: str) -> str:
    """``2024 年7 月`` -> ``2024年7月``: the spaces LibreOffice puts around digits.

    A number opening a line and followed by a space is a section number
    (``1 范围``, ``3.1 术语``) unless a date follows, so it is left alone.
    """
    text = _CJK_SPACE_DIGIT.sub("", text)

    def fix(match: re.Match[str]) -> str:
        start = match.start()
        at_line_start = start == 0 or text[start - 1] == "\n"
        if at_line_start and text[match.end()] != "年":
            return match.group(0)
        return match.group(1)

    return _DIGIT_SPACE_CJK.sub(fix, text)


def is_page_number(line: str) -> bool:
    """ "- 3 -", "第 3 页", "3/10", "Page 3", a bare number."""
    return bool(line.strip()) and bool(_PAGE_NUMBER.match(line))


def is_heading(line: str) -> bool:
    """A line that opens a heading or a numbered item (一、 （一） 第X条 1. …)."""
    return bool(_HEADING.match(line)) or bool(_STRUCTURAL.match(line))


def strip_running_lines(pages: list[str]) -> list[str]:
    """Drop page numbers and headers/footers repeated on at least half the pages."""
    split = [[line for line in page.split("\n")] for page in pages]
    need = max(2, math.ceil(len(pages) / 2))
    top: Counter[str] = Counter()
    bottom: Counter[str] = Counter()
    for lines in split:
        filled = [line for line in lines if line.strip()]
        top.update({_line_key(line) for line in filled[:2]})
        bottom.update({_line_key(line) for line in filled[-2:]})
    top_keys = {key for key, n in top.items() if n >= need}
    bottom_keys = {key for key, n in bottom.items() if n >= need}
    return ["\n".join(_trim(lines, top_keys, bottom_keys)) for lines in split]


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def _trim(lines: list[str], top_keys: set[str], bottom_keys: set[str]) -> list[str]:
    lines = list(lines)
    for keys, index in ((top_keys, 0), (bottom_keys, -1)):
        dropped = 0
        while lines and dropped < 3:
            if not lines[index].strip():
                lines.pop(index)
                continue
            line = lines[index]
            # Running headers and footers are labels, never sentences.
            repeated = _line_key(line) in keys and not ends_sentence(line)
            if is_page_number(line) or repeated:
                lines.pop(index)
                dropped += 1
                continue
            break
    return lines


def display_width(text: str) -> float:
    """Width in full-width character cells (ASCII counts half)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


# --- rejoining lines ----------------------------------------------------------


def ends_sentence(line: str) -> bool:
    core = line.rstrip(" \u3000" + SUPERSCRIPTS).rstrip(_CLOSERS + SUPERSCRIPTS)
    return bool(core) and core[-1] in _TERMINAL


def should_join(prev: str, nxt: str, sep: str, full_width: float) -> bool:
    """Is ``nxt`` the continuation of the line ``prev`` (separated by ``sep``)?"""
    prev, nxt = prev.rstrip(), nxt.strip()
    if not prev or not nxt or ends_sentence(prev):
        return False
    if _STRUCTURAL.match(prev) or _STRUCTURAL.match(nxt) or _BLOCK_START.match(nxt):
        return False
    if _is_doc_number_line(prev) or _is_doc_number_line(nxt):
        return False  # a 版头's 文号 stands on its own line (else it eats the title's tail)
    last, first = prev.rstrip(SUPERSCRIPTS)[-1:], nxt[0]
    if not last or not (_continues(last) and _continues(first)):
        return False
    width = display_width(prev)
    if _HEADING.match(prev):
        # A heading wraps only when its line is full; never onto a new paragraph.
        return sep == "newline" and width >= 0.9 * full_width
    if last in _SOFT:
        return True
    if sep != "blank":
        return width >= 0.8 * full_width
    # Across a blank line both sides must look like prose: a long first part,
    # and a second part that is long or ends a sentence (not a label like "山西省").
    limit = min(0.8 * full_width, 40)
    return width >= limit and (ends_sentence(nxt) or display_width(nxt) >= limit)


def _is_doc_number_line(line: str) -> bool:
    """The line is one 文号 and nothing else (沪府发〔2023〕8号)."""
    return DOC_NUMBER_RE.fullmatch(line.strip()) is not None


def _continues(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] in "PS" or ch in "%‰"


def _glue(prev: str, nxt: str) -> str:
    """Chinese joins without a space; two Latin words keep one."""
    if prev[-1:].isascii() and prev[-1:].isalpha() and nxt[:1].isascii() and nxt[:1].isalpha():
        return " "
    return ""


# --- the document -------------------------------------------------------------


@dataclass
class _Para:
    pieces: list[tuple[str, int | None]]
    sep: str  # separator written before this paragraph
    last_line: str

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)


@dataclass
class _Note:
    number: str  # the marker as superscript digits
    text: str
    page: int | None
    para: int  # index of the paragraph open when the note was read


def clean_document(loaded: LoadedDocument) -> CleanDocument:
    """Clean a loaded document into one text with exact page spans."""
    texts = [normalize_whitespace(page.text) for page in loaded.pages]
    if len(texts) > 1 or any(page.number is not None for page in loaded.pages):
        texts = strip_running_lines(texts)
    texts = [remove_digit_spaces(text) for text in texts]
    lines = _lines(texts, [page.number for page in loaded.pages])
    body, notes = _split_footnotes(lines)
    paras, line_to_para = _rejoin(body)
    for note in notes:
        note.para = line_to_para[note.para] if note.para >= 0 else 0
    notes_left = _attach_notes(paras, notes)
    for note in reversed(notes_left):
        at = min(note.para + 1, len(paras))
        paras.insert(at, _Para([(_note_text(note), note.page)], "\n\n", note.text))
    text, spans = _emit(paras)
    return CleanDocument(
        source=loaded.source,
        format=loaded.format,
        text=text,
        page_spans=spans,
        meta=dict(loaded.meta),
        notes=list(loaded.notes),
    )


def _lines(texts: list[str], numbers: list[int | None]) -> list[tuple[str, int | None, str]]:
    """(line, page, separator before it) for every non-blank line."""
    out = []
    pending = "newline"
    for index, (text, number) in enumerate(zip(texts, numbers, strict=True)):
        if index:
            pending = "page"
        for line in text.split("\n"):
            if not line.strip():
                pending = max(pending, "blank", key=_SEP_RANK.__getitem__)
                continue
            out.append((line, number, pending))
            pending = "newline"
    return out


def _split_footnotes(
    lines: list[tuple[str, int | None, str]],
) -> tuple[list[tuple[str, int | None, str]], list[_Note]]:
    """Take footnote texts (lines opening with a superscript number) out of the flow."""
    body: list[tuple[str, int | None, str]] = []
    notes: list[_Note] = []
    carry = "newline"
    i = 0
    while i < len(lines):
        line, page, sep = lines[i]
        found = _FOOTNOTE.match(line)
        if not found:
            body.append((line, page, max(sep, carry, key=_SEP_RANK.__getitem__)))
            carry = "newline"
            i += 1
            continue
        text = found.group(2).strip()
        i += 1
        # Its wrapped lines follow directly, until a blank line or the page ends.
        while i < len(lines) and lines[i][2] == "newline" and not _BLOCK_START.match(lines[i][0]):
            nxt = lines[i][0].strip()
            text += _glue(text, nxt) + nxt
            i += 1
        notes.append(_Note(found.group(1), text, page, len(body) - 1))
        carry = max(carry, sep, key=_SEP_RANK.__getitem__)
    return body, notes


def _rejoin(body: list[tuple[str, int | None, str]]) -> tuple[list[_Para], list[int]]:
    widths = sorted(display_width(line) for line, _, _ in body if display_width(line) >= 4)
    full_width = widths[int(0.8 * (len(widths) - 1))] if widths else 0.0
    paras: list[_Para] = []
    line_to_para: list[int] = []
    for line, page, sep in body:
        if paras and should_join(paras[-1].last_line, line, sep, full_width):
            para = paras[-1]
            nxt = line.strip()
            glue = _glue(para.last_line.rstrip(), nxt)
            para.pieces.append((glue + nxt, page))
            para.last_line = line
        else:
            paras.append(_Para([(line, page)], "\n" if sep == "newline" else "\n\n", line))
        line_to_para.append(len(paras) - 1)
    return paras, line_to_para


def _note_text(note: _Note) -> str:
    number = "".join(_SUP_VALUE[c] for c in note.number)
    return f"[注{number}：{note.text}]"


def _attach_notes(paras: list[_Para], notes: list[_Note]) -> list[_Note]:
    """Put each note after the sentence holding its marker; return notes with no marker."""
    used: set[tuple[int, int]] = set()
    left = []
    for note in notes:
        place = _find_marker(paras, note, used)
        if place is None:
            left.append(note)
            continue
        index, offset = place
        used.add(place)
        text = paras[index].text
        end = _sentence_end(text, offset)
        # Later notes of the same sentence go after the earlier ones.
        while text.startswith("[注", end) and "]" in text[end:]:
            end = text.index("]", end) + 1
        _insert(paras[index], end, _note_text(note), note.page)
    return left


def _find_marker(
    paras: list[_Para], note: _Note, used: set[tuple[int, int]]
) -> tuple[int, int] | None:
    """(paragraph, offset after the marker): nearest before the note, else after."""
    pattern = re.compile(rf"(?<![{SUPERSCRIPTS}]){note.number}(?![{SUPERSCRIPTS}])")
    order = [*range(min(note.para, len(paras) - 1), -1, -1), *range(note.para + 1, len(paras))]
    for index in order:
        for found in reversed(list(pattern.finditer(paras[index].text))):
            if (index, found.end()) not in used and not _inside_note(
                paras[index].text, found.start()
            ):
                return index, found.end()
    return None


def _inside_note(text: str, offset: int) -> bool:
    return text.rfind("[注", 0, offset) > text.rfind("]", 0, offset)


def _sentence_end(text: str, offset: int) -> int:
    for i in range(offset, len(text)):
        if text[i] in "。！？；!?;":
            end = i + 1
            while end < len(text) and text[end] in _CLOSERS + SUPERSCRIPTS:
                end += 1
            return end
    return len(text)


def _insert(para: _Para, offset: int, text: str, page: int | None) -> None:
    pos = 0
    for i, (piece, piece_page) in enumerate(para.pieces):
        if offset <= pos + len(piece):
            cut = offset - pos
            parts = [(piece[:cut], piece_page), (text, page), (piece[cut:], piece_page)]
            para.pieces[i : i + 1] = [p for p in parts if p[0]]
            return
        pos += len(piece)
    para.pieces.append((text, page))


def _emit(paras: list[_Para]) -> tuple[str, list[tuple[int, int, int | None]]]:
    chunks: list[str] = []
    spans: list[tuple[int, int, int | None]] = []
    pos = 0
    for index, para in enumerate(paras):
        pieces = list(para.pieces)
        if index:
            # The separator belongs to the page of the text before it.
            chunks.append(para.sep)
            _extend(spans, pos, pos + len(para.sep), spans[-1][2] if spans else pieces[0][1])
            pos += len(para.sep)
        for piece, page in pieces:
            chunks.append(piece)
            _extend(spans, pos, pos + len(piece), page)
            pos += len(piece)
    return "".join(chunks), spans


def _extend(
    spans: list[tuple[int, int, int | None]], start: int, end: int, page: int | None
) -> None:
    if start == end:
        return
    if spans and spans[-1][2] == page and spans[-1][1] == start:
        spans[-1] = (spans[-1][0], end, page)
    else:
        spans.append((start, end, page))
