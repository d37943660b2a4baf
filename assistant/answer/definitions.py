"""Definition questions ("X是指什么"): the sentences that define, and how
well each defines the term asked — the term itself, not a longer or shorter
one, nor another term ("其中“三沿”指什么" is not answered by 所称净收入是指…).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.text import Ask, bare_term, match_form, partial, quoted

if TYPE_CHECKING:
    from assistant.answer.evidence import Scored

__all__ = ["DEFINITION", "defines", "defines_kinds", "defining", "definition_bonus"]

# "…有关法院，在内地指…中级人民法院": 指 after a comma defines too (not 指导, 指定…)
_POINTS = r"[，,](?:在[^，。；：]{1,8})?指(?![导定出挥明示标引南控派令向数])"
DEFINITION = re.compile(rf"是指|所称|指的是|{_POINTS}")
# The term a sentence defines: what stands before 是指 (after 所称, when it says so:
# "本法所称科技成果，是指" defines 科技成果).
_DEFINES = re.compile(
    r"(?:^|[，。；：、])(?:[^，。；：“”]*?(?:所称|所述|所说)的?)?([^，。；：“”]{1,30}?)"
    rf"(?:[，,]?(?:是指|指的是)|{_POINTS})"
)


def defines(term: str, sentence: str) -> bool:
    """Does ``sentence`` define — by 是指/所称…, or naming the term last
    ("…利用本单位的物质技术条件所完成的发明创造为职务发明创造")?"""
    return bool(DEFINITION.search(sentence)) or _named_last(term, sentence)


def _named_last(term: str, sentence: str) -> bool:
    t = match_form(term)
    return (
        len(t) >= 2 and re.search(rf"为{re.escape(t)}[。；;]?$", match_form(sentence)) is not None
    )


def definition_bonus(term: str, sentence: str) -> float:
    """A sentence defining the asked term itself beats one defining a longer
    or shorter term (科技成果 is not 科技成果转化)."""
    defined = [m.group(1).strip() for m in _DEFINES.finditer(sentence)]
    if not defined and _named_last(term, sentence):
        return 0.6  # "…为职务发明创造": the term itself, named last
    if not term or not defined:
        return 0.25
    t = match_form(term)
    best = 0.0
    for d in map(match_form, defined):
        if d == t:
            best = max(best, 0.6)
        elif t.endswith(d) and len(t) - len(d) <= 4:
            best = max(best, 0.5)  # the question qualifies the term: 山东的企业技术改造
    return best


def defining(ask: Ask, scored: list[Scored]) -> list[Scored]:
    """The sentences that define, of the asked term when one is known."""
    found = [s for s in scored if defines(ask.term, s.sentence.text)]
    term = match_form(ask.term)
    if len(term) < 2:
        return found
    return [s for s in found if _names(term, match_form(s.sentence.text))]


def _names(term: str, text: str) -> bool:
    return term in text or partial(term, text) >= 0.5


# "「发明创造」包括哪几种", "市场主体分为哪几类": the kinds of a term, asked for.
_KINDS_OF = re.compile(
    r"([\u4e00-\u9fff]{2,10}?)[，,]?(?:都|具体)?不?(?:包括|包含|涉及|分为|分成|有)哪(?:几|些)"
)


def defines_kinds(question: str, sentence: str) -> bool:
    """Does ``sentence`` define the term whose kinds the question asks for
    ("本法所称的发明创造是指发明、实用新型和外观设计")? Its definition lists them."""
    question = match_form(question)
    m = _KINDS_OF.search(question)
    # "条例所说的民营企业，不包括哪些": the term as the text defines it (所称…)
    term = (quoted(question, 12) or [bare_term(m.group(1)) if m else ""])[0]
    return len(term) >= 2 and definition_bonus(term, sentence) >= 0.5
