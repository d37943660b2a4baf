"""Structure-aware chunking: one article per chunk, paragraphs merged, never mid-sentence.

Units come from :func:`ingest.structure.parse_structure`:

* an article (第X条) is one unit; it becomes one chunk when it fits. Articles
  are never merged with each other, even tiny ones (``本法自…起施行。``): a
  chunk's section path names exactly one article, so a citation can say
  ``第八章 附则 > 第九十二条`` and mean it. A long article is split into parts
  that share the article's path.
* outside articles, each paragraph is a unit; small neighbours in one section
  are merged while a chunk is under ``chunk_min_tokens`` and the merge stays
  within ``chunk_max_tokens``.

A unit over the limit is cut at sentence ends (。！？； and line breaks) into
parts of about equal size; a single sentence over the limit is cut at ，/、
and, if it has none, by length. Headings are not copied into chunk text: the
section path carries them. Every chunk's text is exactly
``doc.text[start:end]``.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

from assistant.settings import Settings
from assistant.text import count_tokens
from ingest.structure import Block, parse_structure
from ingest.types import ChunkDraft, CleanDocument

# Bump when splitting changes: it is part of a document's content hash, so the
# next ingest re-chunks documents that would now be cut differently.
CHUNKER_VERSION = 3

_WS = " \t\r\n\u3000\u00a0\u200b\ufeff"
# A sentence: text up to a terminator (plus closing quotes) or a line break.
_SENTENCE_RE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)》]*|\n+|$)")
_CLAUSE_RE = re.compile(r"[^，,、]*(?:[，,、]+|$)")


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    tokens: int


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _WS:
        start += 1
    while end > start and text[end - 1] in _WS:
        end -= 1
    return start, end


def _spans(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    for match in pattern.finditer(text, start, end):
        s, e = _trim(text, match.start(), match.end())
        if s < e:
            spans.append((s, e))
    return spans


def _hard_cut(text: str, start: int, end: int, limit: int) -> list[_Piece]:
    """Last resort for a run of text with no punctuation: cut by length."""
    pieces = []
    while start < end:
        size = min(end - start, limit)
        while size > 1 and count_tokens(text[start : start + size]) > limit:
            size = max(1, size * 3 // 4)
        stop = start + size
        pieces.append(_Piece(start, stop, count_tokens(text[start:stop])))
        start = stop
    return pieces


def _pieces(text: str, start: int, end: int, limit: int) -> list[_Piece]:
    """Sentences of ``text[start:end]``, each within ``limit`` tokens."""
    out: list[_Piece] = []
    for s, e in _spans(_SENTENCE_RE, text, start, end):
        tokens = count_tokens(text[s:e])
        if tokens <= limit:
            out.append(_Piece(s, e, tokens))
            continue
        for cs, ce in _spans(_CLAUSE_RE, text, s, e):
            ctokens = count_tokens(text[cs:ce])
            if ctokens <= limit:
                out.append(_Piece(cs, ce, ctokens))
            else:
                out.extend(_hard_cut(text, cs, ce, limit))
    return out


def _pack(pieces: list[_Piece], limit: int) -> list[list[_Piece]]:
    """Group consecutive pieces into parts of roughly equal size, each ≤ ``limit``.

    Aiming at ``remaining / parts_needed`` instead of filling every part to the
    limit avoids a long part followed by a two-word tail.
    """
    groups: list[list[_Piece]] = []
    remaining = sum(p.tokens for p in pieces)
    current: list[_Piece] = []
    size = 0
    target = remaining / max(1, math.ceil(remaining / limit))
    for piece in pieces:
        over_limit = size + piece.tokens > limit
        past_target = size + piece.tokens / 2 > target
        if current and (over_limit or past_target):
            groups.append(current)
            remaining -= size
            target = remaining / max(1, math.ceil(remaining / limit))
            current, size = [], 0
        current.append(piece)
        size += piece.tokens
    if current:
        groups.append(current)
    return groups


def _split_unit(text: str, start: int, end: int, limit: int) -> list[tuple[int, int, int]]:
    """(start, end, tokens) of the parts of one unit, each ≤ ``limit`` tokens."""
    tokens = count_tokens(text[start:end])
    if tokens <= limit:
        return [(start, end, tokens)]
    parts: list[tuple[int, int, int]] = []
    for group in _pack(_pieces(text, start, end, limit), limit):
        s, e = group[0].start, group[-1].end
        joined = count_tokens(text[s:e]) if len(group) > 1 else group[0].tokens
        # Joined sentences can count a token or two more than their sum (BPE
        # merges across the seam): re-split the group when that tips it over.
        if joined > limit:
            parts.extend(_split_unit(text, s, group[-2].end, limit))
            parts.append((group[-1].start, e, group[-1].tokens))
        else:
            parts.append((s, e, joined))
    return parts


def _paragraphs(text: str, block: Block) -> list[tuple[int, int]]:
    return _spans(re.compile(r"[^\n]+"), text, block.start, block.end)


# "一是…。二是…。三是…" enumerates the points of a paragraph in policy prose;
# each point is a unit of its own, as (一)(二) are between paragraphs.
_ENUM_RE = re.compile(r"(?<=[。；;！？])\s*(?=[一二三四五六七八九十]是)")


def _enumerated(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A paragraph cut before each 二是/三是… (the lead-in stays with 一是)."""
    cuts = [m.end() for m in _ENUM_RE.finditer(text, start, end)]
    if not cuts:
        return [(start, end)]
    bounds = [start, *cuts, end]
    return [span for a, b in itertools.pairwise(bounds) if (span := _trim(text, a, b))[0] < span[1]]


def _merge_paragraphs(
    text: str, paragraphs: list[tuple[int, int]], settings: Settings
) -> list[tuple[int, int]]:
    """Split long paragraphs; merge small neighbours up to the minimum size."""
    limit, small = settings.chunk_max_tokens, settings.chunk_min_tokens
    units = [u for s, e in paragraphs for u in _enumerated(text, s, e)]
    spans = [part for s, e in units for part in _split_unit(text, s, e, limit)]
    merged: list[tuple[int, int, int]] = []
    for s, e, tokens in spans:
        if merged:
            ms, _me, mtokens = merged[-1]
            if (mtokens < small or tokens < small) and mtokens + tokens + 1 <= limit:
                joined = count_tokens(text[ms:e])
                if joined <= limit:
                    merged[-1] = (ms, e, joined)
                    continue
        merged.append((s, e, tokens))
    return [(s, e) for s, e, _ in merged]


def _draft(doc: CleanDocument, path: tuple[str, ...], start: int, end: int) -> ChunkDraft:
    return ChunkDraft(
        text=doc.text[start:end],
        section_path=path,
        start=start,
        end=end,
        page=doc.page_at(start),
        page_end=doc.page_at(end - 1),
    )


def chunk_document(doc: CleanDocument, settings: Settings) -> list[ChunkDraft]:
    """Chunks of ``doc`` in text order (see the module docstring for the rules)."""
    text = doc.text
    chunks: list[ChunkDraft] = []
    for block in parse_structure(text):
        if block.kind in ("title", "heading"):
            continue
        if block.kind == "article":
            start, end = _trim(text, block.start, block.end)
            spans = [(s, e) for s, e, _ in _split_unit(text, start, end, settings.chunk_max_tokens)]
        else:
            spans = _merge_paragraphs(text, _paragraphs(text, block), settings)
        # A span with no letter or digit (a stray bracket, a rule line) is noise.
        chunks.extend(
            _draft(doc, block.path, s, e) for s, e in spans if any(c.isalnum() for c in text[s:e])
        )
    return chunks
