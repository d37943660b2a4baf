"""Does a text hold a figure of the kind a question asks for (over the period
it asks of, in the unit it counts by, a rate "为零", a frequency, a time after
an event, a list's figure in its lead or items), and does the sentence speak
of what the figure is asked of? The figure side of choosing a sentence
(``evidence``)."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.records import Passage
from assistant.text import (
    ITEM_START,
    PART_OF,
    Ask,
    Sentence,
    answers_kind,
    article_topic,
    asked_count_noun,
    asked_count_unit,
    case_before,
    context_of,
    counts_noun,
    figures,
    forms,
    holds,
    list_end,
    match_form,
    rank_scope,
    without_version,
)

__all__ = ["DAY", "asks", "fits", "has_day", "has_focus", "shown"]


def shown(p: Passage, s: Sentence) -> str:
    """What quoting ``s`` shows: a list lead with its items."""
    return p.chunk.text[s.start : list_end(p.chunk.text, s)]


# "自公布之日起施行": a date given by an event, the answer to "什么时候施行".
# "应当在股权登记或者变更时完成": a time given by an event, too.
_EVENT_DATE = re.compile(
    r"(?:公布|印发|发布|签署|通过|批准)之日"
    r"|(?:登记|变更|完成|取得|收到|签订|验收|交付|届满)(?:或者?[^，。；]{1,6})?时(?![间效限])"
    # "什么时候可以开工": once a step is done ("办理承诺手续后即可开工建设")
    r"|[^，。；]{2,12}后(?:即可|方可|才能|才可以|就可以)"
)


# An amount set as a share of another: "不得超过原合同采购金额的百分之十".
_SHARE_OF_AMOUNT = re.compile(r"(?:金额|总额|预算|资金|价款|收入|投资额)的?$")


# The period a figure is counted over: a monthly threshold is not an annual one.
_MONTHLY = re.compile(r"每月|按月|月销售|月度|每个月|monthly|permonth")
_YEARLY = re.compile(r"每年|按年|年应征|年销售|年度|全年|年均|年营业|annual|peryear|yearly")


def _period(text: str) -> str:
    monthly, yearly = bool(_MONTHLY.search(text)), bool(_YEARLY.search(text))
    return "月" if monthly and not yearly else "年" if yearly and not monthly else ""


@lru_cache(maxsize=256)
def _asked_period(question: str) -> str:
    return _period(match_form(question))


_PEOPLE = {"名": "人", "位": "人"}  # counting words of people, one to another


@lru_cache(maxsize=256)
def _asked_unit(question: str) -> str:
    """The counting word a question asks of, people's words as one (名, 位 → 人)."""
    unit = asked_count_unit(question)
    return _PEOPLE.get(unit, unit)


@lru_cache(maxsize=1024)
def asks(cue: re.Pattern[str], question: str) -> bool:
    """Does the question hold ``cue``? Once per question, not per sentence."""
    return bool(cue.search(match_form(question)))


DAY = re.compile(r"哪天|哪一天|哪日|几月几[日号]|什么日子|具体日期|whichday|whatday|whatdate")


def has_day(text: str) -> bool:
    return any(f.kind == "date" and re.search(r"-\d+-\d+$", f.unit) for f in figures(text)) or bool(
        _EVENT_DATE.search(text)
    )


# "从哪天开始算", "何时起算": the start of a period, an event ("自滞纳税款之日起").
_FROM_ASKED = re.compile(r"从(?:哪天|哪一天|什么时候|何时)|(?:何时|哪天|什么时候)起算|开始算|起算")
_FROM_EVENT = re.compile(r"[自从][^，。；]{2,16}之日起")
_AFTER_EVENT = re.compile(r"(?:后|之日起|起)[在的]?$")
_ZERO_RATE = re.compile(r"(?:税率|征收率|利率|比例)为零|零税率")
# "多久结算一次", "how often": a frequency, which the text says as 每半年, 按季度
_HOW_OFTEN = re.compile(r"(?:多久|多长时间|隔多少|几个月|几年|几天)[^，。？?]{0,6}一次|howoften")
_FREQUENCY = re.compile(
    r"每(?:半年|季度?|月|周|年|(?:[一二两三四五六七八九十\d]+)个?(?:月|年|周|日|天|季度))|按(?:月|季|年)|分月|分季"
)


@lru_cache(maxsize=256)
def _given(question: str) -> frozenset[tuple[str, float, str]]:
    """The figures a question states itself."""
    return frozenset(f.key for f in figures(question))


# A document's own record ("2025年3月17日 国务院令第802号修订）"): its dates
# answer a question about the document's making, not one about its rules.
_OWN_RECORD = re.compile(
    r"^\s*(?:19|20)\d{2}年\d{1,2}月\d{1,2}日.{0,80}?(?:通过|公布|修订|修正|发布|印发|批准)[）)]?\s*$"
)
_OF_MAKING = re.compile(r"通过|公布|修订|修正|修改|发布|印发|施行|生效|实施|出台|制定|批准|颁布")


def fits(ask: Ask, text: str) -> bool:
    """Does ``text`` hold a figure of the kind ``ask`` wants (over the period
    it asks of: "按月销售额多少以下" is not answered by a 年应征…销售额)?"""
    if _OWN_RECORD.match(text) and not asks(_OF_MAKING, without_version(ask.question)):
        return False  # "2025年修订后的…，大型企业要多久付款": not the revision's date
    asked = _asked_period(ask.question)  # once per question, not per sentence
    if asked and _period(match_form(text)) not in ("", asked):
        return False
    kinds = ask.kinds
    if kinds and "date" in kinds and _EVENT_DATE.search(text):
        return True
    if counts_noun(text, asked_count_noun(ask.question)):
        return True  # "推动几链深度融合": 推动“四链”深度融合
    if kinds and "ordinal" in kinds and _RANKED_LIST.search(text):
        return True  # "占比前五的为：木材…、非金属…、农副食品…": a rank by its order
    if asks(_FROM_ASKED, ask.question) and _FROM_EVENT.search(text):
        return True  # "滞纳金从哪天开始算": 自滞纳税款之日起
    if asks(_HOW_OFTEN, ask.question) and _FREQUENCY.search(text):
        return True
    if kinds and "percent" in kinds and _ZERO_RATE.search(text):
        return True  # "出口货物，税率为零": a rate of nothing is a rate
    given = _given(ask.question)
    part = PART_OF.search(ask.question) if kinds is None and given else None
    if part:
        # "400亿元里有多少": an amount of it (not "…里有多少进了2024年…100强", a name)
        whole = {f.key for f in figures(ask.question[: part.start()])}
        kinds = frozenset(k for k, _, _ in whole) or None
    unit = _asked_unit(ask.question)
    label = ITEM_START.match(text)  # "3.图书、报纸…": an item's number is no figure
    for f in figures(text):
        if label and f.start < label.end():
            continue
        if f.key in given:
            continue  # "每年400亿元里有多少给新能源汽车": not the 400亿元 it was told
        if unit and f.kind == "count" and _PEOPLE.get(f.unit, f.unit) != unit:
            continue  # "多少万人" is not answered by "12所高校"
        if kinds is None and f.kind == "ordinal":
            continue  # "第一审", "第二条": a place in an order is asked by 第几 only
        if answers_kind(f, kinds):
            return True
        assert kinds is not None
        if "date" in kinds and f.kind == "duration" and _AFTER_EVENT.search(text[: f.start]):
            return True  # "什么时候提出": 在本安排生效后1年内
        share = _SHARE_OF_AMOUNT.search(text[max(0, f.start - 12) : f.start])
        if "money" in kinds and f.kind == "percent" and share:
            return True
    return False


# A list in ranked order: each item's place is where it stands.
_RANKED_LIST = re.compile(r"前[一二三四五六七八九十\d]+(?:位|名)?(?:的|为|是)|依次为|依次是")


def has_focus(ask: Ask, p: Passage, s: Sentence) -> bool:
    """Does the sentence speak of what the figure is asked of (one of the words
    before the asking word: 起征点 in "起征点是每月多少钱")? A figure of the
    asked kind in a sentence about something else is not the answer."""
    if not ask.focus:
        return True
    # a lead stating the figure is of its items ("…税率为百分之九：1.农产品…");
    # a lead whose items state figures is not of every item's words
    text = match_form(shown(p, s) if figures(s.text) else s.text) + context_of(p)
    text += match_form(case_before(p.chunk.text, s))  # "…的，责令改正；逾期…罚款"
    text += match_form(article_topic(p.chunk.text, s))  # its article's opening names it

    def held(word: str) -> bool:
        return any(holds(text, f) for f in _focus_forms(word))

    # a rank among others (全国31个省市) is not the one asked in 西部省份
    return any(held(w) for w in ask.focus) and all(held(w) for w in rank_scope(ask.question))


# The period a figure is counted over ("年销售额", "月销售额") is checked apart
# (``_period``): the word is of its head ("年应征增值税销售额" speaks of 销售额).
_PERIOD_PREFIX = re.compile(r"^(?:每|全)?[年月季日]度?(?=[\u4e00-\u9fff]{2})")


def _focus_forms(word: str) -> tuple[str, ...]:
    word = match_form(word)
    bare = _PERIOD_PREFIX.sub("", word)
    return (*forms(word), *forms(bare)) if bare != word else forms(word)
