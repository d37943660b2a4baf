"""Sentences, list leads and their items.

``split_sentences`` cuts a chunk into sentences with exact offsets (what a
citation's span is made of); ``list_end`` finds where the items of a list
lead ("…符合下列条件的企业：") end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.normalize import CJK, SUPERSCRIPTS, match_form
from assistant.text.numbers import to_chinese

__all__ = [
    "ARTICLE_LABEL",
    "ITEM_START",
    "NOTE",
    "POINT",
    "Sentence",
    "antecedent_start",
    "article_topic",
    "case_before",
    "item_kind",
    "items_end",
    "list_end",
    "opens_item",
    "opens_point",
    "opens_report_point",
    "paragraph_around",
    "point_span",
    "split_sentences",
]

# Sentence ends; a footnote mark right after the end stays with its sentence.
_SENT_END = re.compile(r"[。！？；!?;]+[" + SUPERSCRIPTS + r"]*|\n+")
_ITEM = r"[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.．、](?!\d)"
ITEM_START = re.compile(rf"[ \t\u3000]*(?:{_ITEM})")  # (一) / 一、 / 1.
# A footnote ingest put after the sentence holding its mark: "[注4：…]".
NOTE = re.compile(r"\[注(\d+)：[^\[\]]*\]")
# A report's point: "三是资金链不足。", "二是加强信息化基础设施建设，提升管理效能。"
# Its sentences speak under it, as an article's under its heading.
POINT = re.compile(r"^[一二三四五六七八九十]是[^。；]{2,28}。$")
_ITEM_OR_ARTICLE = re.compile(rf"\s*(?:第[一二三四五六七八九十百零〇]+[条章节款]|{_ITEM})")


@dataclass(frozen=True)
class Sentence:
    text: str  # as in the chunk (stripped)
    start: int  # offsets into the chunk text
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences at 。！？； and line breaks; a mid-sentence page break (a long
    line ending in a CJK character, the next not an item/article start) is
    joined."""
    out: list[Sentence] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        if not m.group().strip():
            if _is_mid_sentence_break(text, m):
                continue
            end = m.start()
        else:
            end = m.end()
        _add(out, text, pos, end)
        pos = m.end()
    _add(out, text, pos, len(text))
    return out


# The clauses of one sentence before a piece cut at ； ("…未按照要求报送投资
# 信息的，由…责令限期改正；逾期不改正的，处十万元以上…罚款"): its case.
_CASE_END = re.compile(r"[。！？!?\n]")


def case_before(text: str, s: Sentence) -> str:
    """The clauses of ``s``'s sentence before it, when ``s`` goes on after a ；
    ('' otherwise; an item's ； ends it — its lead says its case)."""
    head = text[: s.start].rstrip()
    if not head.endswith(("；", ";")):
        return ""
    start = max((m.end() for m in _CASE_END.finditer(head)), default=0)
    clause = head[start:]
    return "" if ITEM_START.match(clause) else clause


# An article's label: 第五十四条, 第十条之一.
ARTICLE_LABEL = re.compile(r"第[一二三四五六七八九十百零〇]+条(?:之[一二三四五六七八九十]+)?")
_TOPIC_LIMIT = 30  # characters: an article's opening short enough to name its topic


def article_topic(text: str, s: Sentence) -> str:
    """The short opening paragraph of the article ``text`` holds ("第五十四条
    企业所得税分月或者分季预缴。"), when ``s`` is in a paragraph after it: their
    subject, which they go on to give figures for ("企业应当自月份或者季度终了
    之日起十五日内…") — '' otherwise."""
    label = ARTICLE_LABEL.match(text)
    end = text.find("\n")
    if not label or end < 0 or s.start < end:
        return ""
    first = text[label.end() : end].strip()
    if len(first) > _TOPIC_LIMIT or not first.endswith("。") or first.count("。") > 1:
        return ""
    return first


# A sentence that points back at the one before it: "同时废止", "上述…".
_REFERS_BACK = re.compile(
    r"^\s*(?:《[^》]{1,60}》(?:[、和][^。；]{0,60}?)?)?(?:同时|此前|上述|前述)"
)


_ANTECEDENT_LIMIT = 220  # characters of a sentence quoted with the one before it


def antecedent_start(text: str, s: Sentence) -> int:
    """Where ``s`` starts when read with the clause before its ； (or the
    sentence it refers back to); its own start otherwise."""
    before = text[: s.start].rstrip()
    # "《…暂行条例》同时废止。" happens when the sentence before says
    if not before.endswith(("；", ";")) and not _REFERS_BACK.match(s.text):
        return s.start
    previous = [x for x in split_sentences(text) if x.end <= s.start]
    if not previous:
        return s.start
    joined = text[previous[-1].start : s.end]
    if len(joined) > _ANTECEDENT_LIMIT or "\n" in joined:
        return s.start
    return previous[-1].start


def _is_mid_sentence_break(text: str, m: re.Match[str]) -> bool:
    before = text[: m.start()].rstrip()
    after = text[m.end() :]
    line = before.rsplit("\n", 1)[-1]
    return (
        bool(before)
        and bool(CJK.match(before[-1]))
        and len(line) >= 20
        and not line.lstrip().startswith("#")
        and bool(CJK.match(after[:1]))
        and not _ITEM_OR_ARTICLE.match(after)
    )


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    """Add ``text[start:end]``; a footnote in it is a sentence of its own
    (what it says is not what the sentence after it says)."""
    for note in NOTE.finditer(text, start, end):
        _add_one(out, text, start, note.start())
        _add_one(out, text, note.start(), note.end())
        start = note.end()
    _add_one(out, text, start, end)


def _add_one(out: list[Sentence], text: str, start: int, end: int) -> None:
    raw = text[start:end]
    stripped = raw.strip()
    if len(match_form(stripped)) < 2:
        return
    lead = len(raw) - len(raw.lstrip())
    out.append(Sentence(stripped, start + lead, start + lead + len(stripped)))


def list_end(text: str, lead: Sentence, limit: int = 400) -> int:
    """Where the items of a list lead ("…符合下列条件的企业：") end in ``text``;
    ``lead.end`` when it is not a lead or no item follows. Items are the
    sentences after it that open with (一)/一、/1. — or continue one on its line,
    or follow an item ending in ；."""
    if not lead.text.endswith(("：", ":")):
        return lead.end
    end = lead.end
    for x in (x for x in split_sentences(text) if x.start >= lead.end):
        gap = text[end : x.start]
        # an item the text left unmarked follows one ending in ； (the last ends in 。)
        unmarked = (
            end > lead.end
            and text[:end].rstrip().endswith(("；", ";"))
            and not ARTICLE_LABEL.match(x.text)
        )
        if not (ITEM_START.match(x.text) or unmarked or (gap.strip() == "" and "\n" not in gap)):
            break  # the list is over
        if x.end - lead.start > limit:
            break
        end = x.end
    return end


_ITEM_KINDS = (
    ("（一）", re.compile(r"[（(][一二三四五六七八九十]+[）)]")),
    ("一、", re.compile(r"[一二三四五六七八九十]+、")),
    ("（1）", re.compile(r"[（(]\d+[）)]")),
    ("1.", re.compile(r"\d+[.．、](?!\d)")),
)


def item_kind(text: str) -> str:
    """The kind of list item ``text`` opens with ("（一）", "1." …; '' when none)."""
    head = text.lstrip()
    return next((kind for kind, mark in _ITEM_KINDS if mark.match(head)), "")


def items_end(text: str) -> int:
    """Where the list items that open ``text`` end (0 when it opens with none):
    at the first item of an outer list ("2.…；3.…；（三）…" ends before （三）;
    an item ending in "：" opens an inner list, whose items belong to it)."""
    end = 0
    kinds: list[str] = []  # the open lists, innermost last
    last = ""
    for s in split_sentences(text):
        gap = text[end : s.start]
        kind = item_kind(s.text)
        if kind:
            if kind in kinds:
                del kinds[kinds.index(kind) + 1 :]  # back to that list
            elif not kinds or last.endswith(("：", ":")):
                kinds.append(kind)
            else:
                break  # an item of a list around the one that opens the text
        elif not (end and gap.strip() == "" and "\n" not in gap):
            break
        end, last = s.end, s.text.rstrip()
    return end


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the paragraph (line) of ``text`` that holds ``text[start:end]``."""
    stop = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if stop < 0 else stop


def point_span(text: str, start: int, limit: int) -> tuple[int, int]:
    """The bounds of the report point (一是…) whose opening sentence starts at
    ``start``: its sentences up to the next point or the paragraph's end (a
    report runs its points on in one paragraph), as many as fit in ``limit``
    characters — its title alone says little."""
    sentences = split_sentences(text)
    first = next(s for s in sentences if s.start == start)
    _, bound = paragraph_around(text, first.start, first.end)
    end = first.end
    for s in sentences:
        if s.start < end:
            continue
        if s.end > bound or POINT.match(s.text) or s.end - first.start > limit:
            break
        end = s.end
    return first.start, end


def opens_item(n: int, text: str) -> bool:
    """Does ``text`` open the list item at place ``n`` (（三）…, 三、…, 3.…)?"""
    cn = to_chinese(n)
    return text.startswith((f"（{cn}）", f"({cn})", f"{cn}、", f"{n}.", f"{n}、"))


def opens_point(n: int, text: str) -> bool:
    """Does ``text`` open the point or item at place ``n`` (三是…, or an item)?"""
    return opens_item(n, text) or opens_report_point(n, text)


def opens_report_point(n: int, text: str) -> bool:
    """Does ``text`` open a report's point at place ``n`` (三是…)?"""
    return text.startswith(f"{to_chinese(n)}是")
