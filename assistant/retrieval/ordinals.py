"""A follow-up that names an item of the last answer by its place ("第二个具体
要怎么做？", "最后一个方面") or only a place ("第三个", "二是？"): the question
asked of that item, or the previous question with its place swapped."""

from __future__ import annotations

import re

from assistant.retrieval.swaps import ARTICLE_REF, ask_of, split_question
from assistant.text import normalize_text, parse_number, split_context, to_chinese

__all__ = ["FRAMING", "placed_item", "swap_ordinal", "swap_place"]

# How an answer frames what it quotes ("根据《…》第X条：", "[1]"): not its items
FRAMING = re.compile(r"^(?:根据|依据|按照)[^：:]{0,60}[：:]|\[\d+\]|^From the sources[^:：]*[:：]")

# "第二个具体要怎么做？", "最后一个方面要建哪些平台？": an item of the last
# answer, by its place — the follow-up opens with it and names nothing else.
_PLACE_REF = re.compile(
    r"^(?:那么|那|其中)?(?:第(?P<n>[一二三四五六七八九十\d]{1,2})|(?P<last>最后)一?)"
    r"(?:个方面|个|点|方面|项|部分|类|种|条(?=建议|措施|对策)|(?P<bare>条)(?=呢|[？?]|$))"
)
# The parts of a document an outline answer lists, one a line: "（二）强化…"
# (an article's items are its own: the answer then quotes its 第X条).
_MARKED = re.compile(r"(?:^|\s)[（(]([一二三四五六七八九十])[）)]")
_LABEL = re.compile(r"第[一二三四五六七八九十百]+条")
_POINT_ITEM = re.compile(r"(?:^|[。；;\s])([一二三四五六七八九十])是([^。；;]{2,40})")
_ITEM_CAP = 30  # characters of an item carried into the question


def _items(answer: str) -> dict[int, str]:
    """The items the answer lists, by place: its points (一是…, 二是…), else
    the parts of its first sentence (after a lead's colon), by ； then 、."""
    points = {int(parse_number(n) or 0): text for n, text in _POINT_ITEM.findall(answer)}
    if len(points) >= 2:
        return points
    first = re.split(r"。", answer, maxsplit=1)[0]
    body = re.split(r"[：:]", first)[-1]
    parts = [p.strip("，, ") for p in re.split("[；;]", body) if p.strip("，, ")]
    if len(parts) < 2:
        # a run of short items, not a clause that names a few things in passing
        parts = [p.strip() for p in body.split("、")]
        if any(len(p) > _ITEM_CAP or re.search("[，,]", p) for p in parts):
            return {}
    return {i + 1: p for i, p in enumerate(parts)} if len(parts) >= 2 else {}


# A follow-up that is only a place ("二是？", "第三个", "第五名呢", "第二点？").
_BARE_PLACE = re.compile(
    r"^(?:那么|那)?第?(?P<n>[一二三四五六七八九十\d]{1,2})(?:个|条|点|项|名|位|部分|方面|是)"
    r"(?:呢|是什么|是啥|是哪个|是哪一?项|讲的是什么|说的是什么)?[\s?？。]*$"
)
# A place the previous question asked for: 第一个机遇, 一是, 排第三, 第一点.
_ASKED_PLACE = re.compile(
    r"(?:第|排第|排名第)(?P<n>[一二三四五六七八九十\d]{1,2})(?=个|条|点|项|名|位|部分|方面|是|的)|"
    r"(?<![第\d一二三四五六七八九十])(?P<m>[一二三四五六七八九十])(?=是)"
)


def swap_place(question: str, previous: str) -> str | None:
    """ "第三个" after "…面临的第一个问题是什么": the previous question asked
    of the place the follow-up names (its last place swapped), or None."""
    m = _BARE_PLACE.match(question.strip())
    # a place in the previous question's carried subject ("（接上文：…第三点）")
    # was asked before it, not by it
    previous = split_context(previous)[1]
    places = list(_ASKED_PLACE.finditer(previous))
    if m is None or not places:
        return None
    last = places[-1]
    group = "n" if last.group("n") else "m"
    n = m.group("n")
    number = to_chinese(int(parse_number(n) or 0)) if n.isdigit() else n
    return previous[: last.start(group)] + number + previous[last.end(group) :]


def swap_ordinal(question: str, previous: str, answer: str) -> str | None:
    """The follow-up with its place reference ("第二个", "最后一个方面")
    replaced by that item of ``answer`` (the last answer, without its framing),
    or None when it names no place or the answer lists no such item. After a
    question that named an article, "第三项" is that article's (``swap_document``)."""
    m = _PLACE_REF.match(question)
    if m is None or ARTICLE_REF.search(previous):
        return None
    if m.group("bare") and _LABEL.search(answer):
        return None  # "第二条呢" after an answer quoting articles: an article
    parts = len(_MARKED.findall(answer))
    if parts >= 2 and not _LABEL.search(answer) and not _POINT_ITEM.search(answer):
        # the parts of what the previous question asked about: its Nth part
        n = parts if m.group("last") else int(parse_number(m.group("n")) or 0)
        subject, _ = split_question(previous)
        return ask_of(f"{subject}的第{to_chinese(n)}项{question[m.end() :]}")
    items = _items(answer)
    if not items:
        return None
    n = max(items) if m.group("last") else int(parse_number(m.group("n")) or 0)
    item = items.get(n, "")[:_ITEM_CAP]
    if not item:
        return None
    return ask_of(f"{item}{question[m.end() :]}")


def placed_item(question: str, previous: str, answer: str) -> str:
    """ "第二个具体要怎么做？": the question asked of that item of the last answer ('' if none)."""
    answer = FRAMING.sub("", normalize_text(answer))
    return swap_ordinal(normalize_text(question), normalize_text(previous), answer) or ""
