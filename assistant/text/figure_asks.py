"""What figure a question asks for: its cue words, the kinds of figure that
answer it (money, a rate, a term, a date, a rank, a count — of which counting
word), and a part of a whole it names ("…里有多少是…")."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.normalize import match_form
from assistant.text.numbers import Figure, figures

__all__ = [
    "BARE_ASK",
    "FIGURE_CUES",
    "HOW_MANY",
    "PART_OF",
    "answers_kind",
    "asked_count_unit",
    "asked_kinds",
    "cue_form",
    "figures_of",
    "stated_figures",
]

# "When does…", "and when…": when asked at a clause's start, not "compared
# with when the report says…" (match_form has no spaces: a letter before it)
_WHEN = r"(?<![a-z])(?:and\s*)?when"
# "…, in billions of yuan?": the unit an English question wants its amount in
_IN_YUAN = (
    r"(?:in|howmany)(?:\d*(?:hundred|ten)?(?:billion|million|thousand)s?(?:of)?)?(?:yuan|rmb)"
)
# match_form runs an English question's words together, so a cue may be read
# inside a longer word ("restoration" holds ratio, "separate" rate, "capital"
# cap): such a word is masked before the cues are read.
_EN_WORD = re.compile(r"[A-Za-z]+")
_EN_CUE_PART = re.compile(
    r"rate|ratio|share|date|cap|growth|percent|amount|deadline|threshold|effective|adopted|"
    r"intensity|proportion|maximum|minimum|within|rank|when|much|many|long|duration"
)
# ...and the cue words themselves
_EN_CUE_WORD = re.compile(
    r"(?:rate|ratio|share|date|cap|amount|deadline|threshold|proportion|percentage|rank|"
    r"duration)s?|dated|capped|growth|percent|effective|adopted|intensity|maximum|minimum|"
    r"within|ranked|ranking|when|much|many|long"
)


def cue_form(question: str) -> str:
    """``match_form`` of a question to read its figure cues in (an English word
    that only holds a cue masked)."""

    def mask(m: re.Match[str]) -> str:
        word = m.group().lower()
        return m.group() if _EN_CUE_WORD.fullmatch(word) or not _EN_CUE_PART.search(word) else "·"

    return match_form(_EN_WORD.sub(mask, question))


# "有时间要求吗", "对确认时间有规定吗": the period a rule sets, asked as a
# requirement or whether one is set
_PERIOD_REQUIRED = (
    r"(?:时间|时限|期限)(?:上的?)?要求|(?:时间|时限|期限)上?有(?:没有)?(?:规定|限制)吗?[?？]?$"
)
# "What additional corporate income tax deduction can we claim?", "Can that
# investment reduce our income tax?": a relief is what it amounts to (an English
# asker often leaves out "how much"; the Chinese asks 能抵多少)
_EN_RELIEF = (
    r"tax·?(?:deduction|credit|relief|benefit|exemption|break|incentive)|"
    r"(?:deduction|credit|relief|exemption)s?(?:on|for|of|from)(?:our|the|its|their)?[\w·]{0,12}tax|"
    r"reduce[\w·]{0,24}tax"
)
FIGURE_CUES = re.compile(
    r"多少|(?<![哪第那这前后好举列说讲])几|第几(?!条)|比例|税率|利率|金额|多长|多久|排名|"
    r"数量(?![少多大小上不较偏])|"  # "数量少、质量低" describes, it does not ask
    r"多大(?!程度|的?(?:作用|影响|意义|关系|区别))|多高|"
    # a period, a standard or a cap asked for as such ("期限是？"), not one
    # named in passing ("期限届满前终止", "质量标准由哪个部门定")
    r"(?:期限|标准|时限|幅度|额度|上限|下限)(?:现在|目前|具体|又)?(?:是|为|有)?"
    r"(?:什么|(?:怎么|如何)规?定的?)?[?？]?$|"
    # "对方一直拖，有时限吗？": whether a period or a cap is set, and what it is
    r"有(?:没有)?(?:期限|时限|上限|下限)(?:要求|规定)?吗?[?？]?$|"
    r"什么时候|何时|哪天|哪一天|哪年|哪一年|日期|起施行|开始施行|生效|"
    rf"{_PERIOD_REQUIRED}|"
    # match_form drops whitespace, so English phrases are matched without it.
    r"how\s*many|how\s*much|rate|percent|amount|deadline|threshold|how\s*long|ratio|duration|"
    rf"{_EN_RELIEF}|"
    rf"{_WHEN}|"
    r"how\s*(?:fast|quickly|soon)|"
    r"date|takeeffect|comeintoforce|effective|adopted|intensity|share|proportion|growth|"
    r"maximum|minimum|atmost|atleast|upperlimit|cap(?:ped)?at|"
    rf"{_IN_YUAN}",
    re.I,
)
HOW_MANY = re.compile(r"多少|(?<![哪第那这前后好举列说讲])几|第几(?!条)|howmany|howmuch")
# "…里有多少是…": a part of a whole the question names; what follows 是 is the part.
PART_OF = re.compile(
    r"(?:里|之中|当中|其中)[，,]?[^，。？?]{0,4}(?:多少|几)[^，。？?是]{0,3}(?:是(.+))?"
)
# A rank asked for ("排第几", "第几名"): the rank, whatever else is named with it.
_ASKS_RANK = r"排(?:名|在)?第几|第几(?:位|名)"
# What kind of figure a question asks for: the kinds of figure that answer it.
_KINDS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (
        re.compile(
            r"金额|多少钱|多少元|多少万(?![人名家户个])|多少亿|奖金|"
            r"(?:奖励|补助|补贴|资助|扶持资金)(?:标准)?是?多少|"
            rf"多少(?:奖励|补助|补贴|资助|扶持)?(?:资金|经费|奖金)|howmuchmoney|{_IN_YUAN}|"
            # an amount asked of by name: "月销售额多少以下", "注册资本要多少"
            r"(?:销售额|营业额|营业收入|所得额|利润|资产总额|注册资本|投资额|价款|费用)"
            r"(?:在|为|是|要|达到|不超过)?多少"
        ),
        frozenset({"money"}),
    ),
    (
        re.compile(
            r"比例|占比|比重|百分之几|百分比|税率|利率|征收率|强度|增速|增幅|增长率|涨幅|降幅|"
            r"(?:几|多少)个点|"  # "增值税是几个点": percentage points
            r"增长了?多少|下降了?多少|percent|rate|share|(?<!du)ratio|proportion|growth"
        ),
        frozenset({"percent"}),
    ),
    (
        # "能抵多少税", "扣除多少": a relief is an amount or a share of the tax
        re.compile(
            r"(?:抵|减|免|退|省)[免税]?了?多少(?![天日年月周家项个])|(?:缴|交|纳)多少税|"
            + _EN_RELIEF
        ),
        frozenset({"money", "percent"}),
    ),
    (
        re.compile(
            # a deadline asked as a time ("最晚什么时候得付款") is a period from an event
            rf"期限|多久|多长时间|多长|时限|最晚|最迟|{_PERIOD_REQUIRED}|(?:多少|几)个?(?:工作日|自然日|月|日|天|年|周|小时)|"
            r"howlong|how(?:fast|quickly|soon)|timelimit|deadline|duration|howmany(?:days|months|years|workingdays)|within"
        ),
        frozenset({"duration", "date"}),
    ),
    (
        re.compile(
            r"什么时候|何时|哪天|哪一天|哪年|哪一年|几月|日期|起施行|开始施行|生效|"
            rf"{_WHEN}|date|takeeffect|comeintoforce|enteredintoforce|adopted"
        ),
        frozenset({"date"}),
    ),
    (
        re.compile(rf"{_ASKS_RANK}|第几(?:次|届|批|期|轮)|排名|排在第|rank"),
        frozenset({"ordinal"}),
    ),
    (
        re.compile(
            r"(?:多少|(?<![哪第那这前后好举列说讲])几)万?(?:[家项所位名人次条种户批级]|个(?!工作日|自然日|月|小时|点))|"
            r"howmany(?!days|months|years|workingdays)"
        ),
        frozenset({"count", "number"}),
    ),
)
_COUNT = re.compile(r"(?:多少|几)万?(?P<unit>[项家个所名人位条次倍级])")


def asked_kinds(question: str) -> frozenset[str] | None:
    """The kinds of figure that answer ``question`` (money, percent, duration,
    date, ordinal…), or None when any figure will do. The asking clause is the
    last one with a cue ("招了几名职工，工资能扣除多少？" asks "多少", not
    "几名"): the asked part of a Chinese question comes at its end. Two
    questions in one ("能保护多少年？从哪天开始算？") ask both."""
    question = cue_form(question)
    found = [k for q in re.split(r"[？?]", question) if q and (k := _asked_in(q)) is not None]
    return frozenset().union(*found) if len(found) > 1 else _asked_in(question)


def _asked_in(question: str) -> frozenset[str] | None:
    clauses = [c for c in re.split(r"[，,；;。？?]", question) if c]
    for at in range(len(clauses) - 1, -1, -1):
        clause = clauses[at]
        if re.search(_ASKS_RANK, clause):
            return frozenset({"ordinal"})  # "求职人数占比在全国排第几": the rank, not the share
        found = _kinds_in(clause)
        if found:
            return found
        if HOW_MANY.search(clause):
            # "…能适用较低的企业所得税率？是多少？": the clause before names it
            return _kinds_in(clauses[at - 1]) if at and BARE_ASK.fullmatch(clause) else None
    return None


def _kinds_in(clause: str) -> frozenset[str] | None:
    found = [kinds for cue, kinds in _KINDS if cue.search(clause)]
    return frozenset().union(*found) if found else None


# An asking clause with nothing of its own ("是多少", "具体有多少呢"): what is
# asked is named in the clause before it.
BARE_ASK = re.compile(
    r"(?:那|请问|具体|大概|大约|分别|一共|总共)*(?:是|为|有|要|能|得)?(?:多少|几|多久|多长时间|多长)(?:呢|啊|呀|吗)?"
)


def asked_count_unit(question: str) -> str:
    """The counting word of a "多少家/几所" question ('' when it names none)."""
    m = _COUNT.search(match_form(question))
    return m.group("unit") if m else ""


# "推动几链深度融合", "几条链": a count of a noun that is its own unit — the
# text writes it as a numeral before the noun ("四链", "三大产业").
_NOUN_COUNT = re.compile(r"几(?:条|个|种|类|大)?(?P<noun>[^\W\d_项家个所名人位条次倍级年月日天])")


@lru_cache(maxsize=512)
def asked_count_noun(question: str) -> str:
    """The noun a count is asked of when it is its own unit ('' otherwise)."""
    m = _NOUN_COUNT.search(match_form(question))
    return m.group("noun") if m and re.match(r"[\u4e00-\u9fff]", m.group("noun")) else ""


def counts_noun(text: str, noun: str) -> bool:
    """Does ``text`` count ``noun`` with a numeral ("“四链”", "三大产业")?"""
    return bool(noun) and bool(
        re.search(rf"[一二三四五六七八九十两\d]+大?[“\"「]?{re.escape(noun)}", text)
    )


def answers_kind(fig: Figure, kinds: frozenset[str] | None) -> bool:
    # "修订过几次": the last time's place counts them ("第二次修订")
    times = fig.kind == "ordinal" and fig.unit == "次" and "count" in (kinds or ())
    return kinds is None or fig.kind in kinds or times


def figures_of(text: str, kinds: frozenset[str] | None) -> list[Figure]:
    """Figures in ``text`` of the asked kinds."""
    return [f for f in figures(text) if answers_kind(f, kinds)]


# The kinds of figure that identify a passage when a question states one.
_STATING = frozenset({"percent", "count", "money"})


@lru_cache(maxsize=512)
def stated_figures(question: str) -> frozenset[tuple[str, float, str]]:
    """The figures a question itself states ("那24家中试基地分别在哪"): the
    passage and the sentence stating them are what it asks of (``Figure.key``)."""
    return frozenset(f.key for f in figures(match_form(question)) if f.kind in _STATING)
