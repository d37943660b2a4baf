"""What a question asks for: a figure (and of which kind), a list, a
definition, conditions.

Retrieval uses it to prefer passages that state the asked figure; the answer
step to pick sentences, to shape the quote and to decide when what was found
does not answer.
"""

from __future__ import annotations

import re

from assistant.text.normalize import match_form
from assistant.text.numbers import Figure, figures

__all__ = [
    "CRITERIA",
    "asked_count_unit",
    "asked_kinds",
    "asks_for_criteria",
    "asks_for_definition",
    "asks_for_figure",
    "asks_for_list",
    "figures_of",
]

_FIGURE_CUES = re.compile(
    r"多少|几|比例|税率|利率|金额|期限|标准|时限|幅度|多长|多久|数量|排名|额度|上限|下限|"
    # match_form drops whitespace, so English phrases are matched without it.
    r"how\s*many|how\s*much|rate|percent|amount|deadline|threshold|how\s*long",
    re.I,
)
_LIST_CUES = re.compile(
    r"哪些|有什么|有哪些|哪几|什么措施|什么建议|什么支持|什么优惠|能享受|可以享受|"
    r"which|what\s*support|what\s*measures|what\s*can",
    re.I,
)
_DEFINITION_CUES = re.compile(r"是指|指什么|什么是|含义|定义|what is meant|define", re.I)
# "…的认定标准/申报条件是什么": an answer states conditions or a procedure.
_ASKS_CRITERIA = re.compile(
    r"(?:认定|申报|申请|评定|入选|评选)(?:的)?(?:标准|条件|程序|流程|要求)|门槛"
)
CRITERIA = re.compile(
    r"条件|标准|符合|具备|程序|流程|申请|申报|认定|评定|门槛|不低于|不超过|不少于"
)

# What kind of figure a question asks for: the kinds of figure that answer it.
_KINDS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (
        re.compile(
            r"金额|多少钱|多少元|多少万|奖金|(?:奖励|补助|补贴|资助|扶持资金)(?:标准)?是?多少"
        ),
        frozenset({"money"}),
    ),
    (re.compile(r"比例|占比|比重|百分之几|税率|利率|征收率|强度"), frozenset({"percent"})),
    (re.compile(r"期限|多久|多长时间|几天|几日|几个月|时限"), frozenset({"duration", "date"})),
)
_COUNT = re.compile(r"(?:多少|几)(?P<unit>[项家个所名人位条次倍])")


def asks_for_definition(question: str) -> bool:
    return bool(_DEFINITION_CUES.search(match_form(question)))


def asks_for_figure(question: str) -> bool:
    # "定义标准是什么" asks what a term means, not for a number.
    return bool(_FIGURE_CUES.search(match_form(question))) and not asks_for_definition(question)


def asks_for_list(question: str) -> bool:
    return bool(_LIST_CUES.search(match_form(question))) and not asks_for_figure(question)


def asks_for_criteria(question: str) -> bool:
    return bool(_ASKS_CRITERIA.search(match_form(question)))


def asked_kinds(question: str) -> frozenset[str] | None:
    """The kinds of figure that answer ``question`` (money, percent, duration…),
    or None when any figure will do."""
    q = match_form(question)
    return next((kinds for cue, kinds in _KINDS if cue.search(q)), None)


def asked_count_unit(question: str) -> str:
    """The counting word of a "多少家/几所" question ('' when it names none)."""
    m = _COUNT.search(match_form(question))
    return m.group("unit") if m else ""


def answers_kind(fig: Figure, kinds: frozenset[str] | None) -> bool:
    return kinds is None or fig.kind in kinds


def figures_of(text: str, kinds: frozenset[str] | None) -> list[Figure]:
    """Figures in ``text`` of the asked kinds."""
    return [f for f in figures(text) if answers_kind(f, kinds)]
