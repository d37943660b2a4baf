"""Structured clauses: lists (a lead "…：" and items (一)(二)…) and definitions (X是指…)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sources import ITEM_RE, Article, Doc
from text import BAD_SUBJ_START, CN_NUM, cjk_len, cn2int, norm

_CONDITIONS_RE = re.compile(
    r"(，)?(应当|应|须|必须|需要)?(同时)?(具备|符合|满足|具有)(以下|下列)(基本)?条件$"
)
_INCLUDES_RE = re.compile(r"(，)?(主要)?(包括|包含)(内容|事项|方面|情形|措施|行为)?$")
DEF_RE = re.compile(r"是指")
DEF_PREFIX = re.compile(
    rf"^(本(法|条例|办法|规定|细则)(第[{CN_NUM}]+条)?(中)?所称(的)?|所称(的)?|(上述|前述)?所称(的)?)"
)


@dataclass
class ListQuestion:
    form: str  # "list" or "conditions"
    question: str
    art: Article
    lead: str
    items: list[str]
    whole: str  # lead + all items: what a complete answer quotes


def extract_lists(art: Article) -> Iterator[tuple[str, list[str], str]]:
    """Yield (lead_sentence, items, whole) for lead "…：" + (一)(二)… items."""
    yield from _block_lists(art.paras)
    yield from _inline_lists(art.paras)


def _lead_sentence(head: str) -> str:
    """The last sentence of the paragraph before its items."""
    cut = max(head.rfind("。", 0, len(head) - 1), head.rfind("；", 0, len(head) - 1))
    return head[cut + 1 :].strip() if cut >= 0 else head


def _block_lists(paras: list[str]) -> Iterator[tuple[str, list[str], str]]:
    """Items as paragraphs of their own, numbered from (一) without a gap."""
    for i, p in enumerate(paras):
        if not p.endswith(("：", ":")) or i + 1 >= len(paras):
            continue
        items: list[str] = []
        for q in paras[i + 1 :]:
            m = ITEM_RE.match(q)
            if not m or cn2int(m.group(1)) != len(items) + 1:
                break
            items.append(q)
        if len(items) < 2:
            continue
        lead = _lead_sentence(p)
        yield lead, items, "\n".join([lead, *items])


def _inline_lists(paras: list[str]) -> Iterator[tuple[str, list[str], str]]:
    """Items run inline in one paragraph: 「…：（一）…；（二）…。」"""
    for p in paras:
        m = re.search(r"[：:](?=[（(]一[）)])", p)
        if not m:
            continue
        parts = re.split(r"(?=[（(][一二三四五六七八九十]+[）)])", p[m.end() :])
        items = [x for x in parts if x]
        marks = [ITEM_RE.match(x) for x in items]
        if len(items) < 2 or not all(marks):
            continue
        if any(cn2int(mk.group(1)) != k + 1 for k, mk in enumerate(marks) if mk):
            continue
        # the last item ends at its first 。
        e = items[-1].find("。")
        if e >= 0 and e + 1 < len(items[-1]):
            items[-1] = items[-1][: e + 1]
        lead = _lead_sentence(p[: m.end()])
        yield lead, items, lead + "".join(items)


def _which(text: str) -> str:
    """下列/以下 → 哪些 (以下 only where it means 'the following')."""
    text = text.replace("下列", "哪些")
    text = re.sub(
        r"(?<![零一二三四五六七八九十百千万两\d年月日元人次倍级岁])以下(?=[\u4e00-\u9fff])(?![简统称的])",
        "哪些",
        text,
    )
    return re.sub(r"哪些([\u4e00-\u9fff]{1,4}?)之一", r"哪些\1", text)


def _list_core(lead: str) -> str | None:
    """The lead without its 第N条 label, 以下简称 note and trailing colon."""
    core = lead.rstrip("：:").strip()
    core = re.sub(rf"^第[{CN_NUM}]+条[\s\u3000]*", "", core)
    core = re.sub(r"[（(]以下(简称|统称|称)[^）)]*[）)]", "", core)
    core = re.sub(r"^[一二三四五六七八九十]+、", "", core)
    core = re.sub(r"^本(法|条例|办法|规定)所称", "", core)
    if any(t in core for t in ("前款", "前条", "本条")) or cjk_len(core) < 4:
        return None
    return core


def _short_subject(subj: str, bad_starts: tuple[str, ...]) -> bool:
    return cjk_len(subj) >= 4 and len(subj) <= 40 and not subj.startswith(bad_starts)


def list_question(lead: str, law: str) -> tuple[str, str] | None:
    """(form, question) for a list lead, or None."""
    core = _list_core(lead)
    if core is None:
        return None
    m = _CONDITIONS_RE.search(core)
    if m:
        subj = core[: m.start()].strip("，")
        if "是指" in subj:
            subj = re.sub(r"^.*所称", "", subj.split("是指")[0]).strip("，")
        if _short_subject(subj, BAD_SUBJ_START) and "，" not in subj:
            return "conditions", f"{law}规定，{subj}需要满足哪些条件？"
        return None
    if "下列" in core or "以下" in core:
        q = _which(core)
        if len(q) <= 70 and "哪些" in q:
            return "list", f"根据{law}，{q}？"
    m = _INCLUDES_RE.search(core)
    if m:
        subj = core[: m.start()].strip("，")
        bad_starts = ("其", "该", "本", "此")
        if _short_subject(subj, bad_starts) and "应当" not in subj and "，" not in subj:
            return "list", f"{law}规定，{subj}包括哪些？"
    return None


def list_questions(d: Doc, law: str) -> Iterator[ListQuestion]:
    """The askable lists of d: at least two items, none empty, not too long."""
    for a in d.sections:
        for lead, items, whole in extract_lists(a):
            if any(cjk_len(ITEM_RE.sub("", it).strip("；。，")) <= 1 for it in items):
                continue
            if len(items) > 15 or len(norm(whole)) > 900:
                continue
            lq = list_question(lead, law)
            if lq:
                yield ListQuestion(lq[0], lq[1], a, lead, items, whole)


def extract_definitions(text: str) -> Iterator[tuple[str, str, str]]:
    """Yield (term, evidence, definition) for each "X是指…" in text."""
    for m in DEF_RE.finditer(text):
        seg_start = max(text.rfind(ch, 0, m.start()) for ch in "。；：\n") + 1
        seg = ITEM_RE.sub("", text[seg_start : m.start()].rstrip("，, ")).strip()
        if "，" in seg:
            continue
        term = DEF_PREFIX.sub("", seg).strip()
        if not _term_ok(term):
            continue
        e = re.search(r"[。；]", text[m.end() :])
        end = m.end() + e.end() if e else len(text)
        evidence = ITEM_RE.sub("", text[seg_start:end].rstrip("。；").strip())
        definition = text[m.end() : end]
        yield term, evidence.strip(), definition


def _term_ok(term: str) -> bool:
    if any(t in term for t in ("前款", "本条", "规定的")) or cjk_len(term) < 2:
        return False
    if len(term) > 20 or term.startswith(BAD_SUBJ_START):
        return False
    return not re.search(r"[“”\d]", term)
