"""What an asked figure is of: the words before (and after) the asking word
("增值税小规模纳税人的起征点具体是每月多少钱" → 起征点, 每月), the word right
before it, and what a count counts ("多少家国家级企业技术中心" → 国家级).

A figure of the asked kind in a sentence about something else is not the
answer; these words are what the answer step checks it against.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.english import is_english
from assistant.text.figure_asks import BARE_ASK, FIGURE_CUES, HOW_MANY, PART_OF, asked_kinds
from assistant.text.normalize import CJK, normalize_text
from assistant.text.places import SCOPES, region_in

__all__ = ["counted_word", "figure_focus", "figure_head", "rank_scope"]


def _content_words(text: str) -> list[str]:
    """The words of ``text`` that say what a figure is of (no question words,
    no modifiers of the figure, a modal stripped: 能罚 → 罚)."""
    from assistant.text.words import FIGURE_MODIFIERS, QUESTION_WORDS, cut  # jieba: on use

    words = [
        (w, _unmore(_MODAL.sub("", _MODAL_END.sub("", w)) or w))
        for w in cut(text)
        if len(w) >= 2 and CJK.search(w)
    ]
    return [
        bare
        for w, bare in words
        if w not in QUESTION_WORDS
        and bare not in FIGURE_MODIFIERS  # 最多能 is 最多
        and bare not in _CONDITION
        and not _PLACE_WORD.fullmatch(w)
        and not _HOW_MANY_WORD.fullmatch(w)
        and not _POINTING.fullmatch(w)
    ]


# "交保证金的话": how the asker sets the case, not what the figure is of.
_CONDITION = frozenset(["的话", "如果", "假如", "要是", "若是"])


def _unmore(word: str) -> str:
    """多扣, 少缴: how much more or less is done — the verb is what the text
    says (扣除, 缴纳)."""
    if len(word) == 2 and word[0] in "多少" and _is_verb(word[1]):
        return word[1]
    return word


# "这是哪一年的数据": what the last answer said, pointed at — no word of its own.
_POINTING = re.compile(r"[这那它该此][是个些项条份篇期]?|它们")


# A place in an order ("排第五的那个占多少"): which one, not what the figure is of.
_PLACE_WORD = re.compile(r"排?第[一二三四五六七八九十百\d]+[名位个项条点]?")


# The words things are counted by: 多少家, 几所, 三个.
_COUNTING = "个家所项名位座条件种类批支款部户只台次回遍"
# A number and its counting word ("这几份文件", "三个"): how many, not of what.
_HOW_MANY_WORD = re.compile(rf"[这那哪]?(?:几|多少|[一二三四五六七八九十两\d]+)[{_COUNTING}份]")


# Where a rank is counted: "在全国31个省份里排第几", "在西部省份中排名第几".
_RANK_SCOPE = re.compile(
    r"在([^在，,？?]{1,16}?)(?:里|中|内|当中|之中)?(?:排名?|位列|位居|居)(?:第几|多少)"
)


def rank_scope(question: str) -> tuple[str, ...]:
    """The words of the scope a rank is asked in (西部, 省份): a rank among
    others (全国31个省市) does not answer it."""
    m = _RANK_SCOPE.search(normalize_text(question))
    return tuple(w for w in _content_words(m.group(1)) if w not in _SCOPES) if m else ()


# The document itself ("这份决策参考是第几期"): what is read, not what the figure is of.
_DEIXIS = re.compile(r"(?:这|该|本)(?:份|篇|期)[\u4e00-\u9fff]{2,6}?(?=是|的|里|中|上|$)")


# Where the rule is ("按国家法律我们至少能拿多少", "根据现行规定"): not what the
# figure is of.
_SOURCE = re.compile(
    r"(?:按照?|根据|依照|依据)(?:国家|现行|有关|相关)?的?(?:法律法规|法律|法规|规定|政策)(?:的规定)?"
)


_ASKER = re.compile(r"我们|我司|咱们|本公司|我")


# A count asked of by its counting word: 多少家, 几所, 多少个 (every counting
# word; ``asked_count_unit`` keeps those a sentence's count is matched by).
_COUNT_CUE = re.compile(rf"(?:多少|几)[{_COUNTING}]")


def counted_word(question: str) -> str:
    """The first word after a count's counting word, what is counted ("多少家
    国家级企业技术中心" → 国家级): a count of something else does not answer."""
    if is_english(question):
        return ""
    clause = normalize_text(question)
    m = _COUNT_CUE.search(clause)
    if not m:
        return ""
    rest = re.split(r"[，,；;。？?]", clause[m.end() :])[0]
    words = [w for w in _content_words(rest) if not _UNIT_WORD.search(w) and not region_in(w)]
    return words[0] if words else ""


def figure_focus(question: str) -> tuple[str, ...]:
    """The last two content words before the asking word of the asking clause
    ("增值税小规模纳税人的起征点具体是每月多少钱" → 起征点, 每月): what the asked
    figure is a figure of."""
    return _focus_parts(question)[0]


def figure_head(question: str) -> str:
    """The word right before the asking word, when the figure is named there
    ("小规模纳税人的起征点具体是多少钱" → 起征点): what the figure is of."""
    return _focus_parts(question)[1]


@lru_cache(maxsize=256)
def _focus_parts(question: str) -> tuple[tuple[str, ...], str]:
    # cached: ``analyse`` reads the focus, the answer step its head (jieba each time)
    clauses = [c for c in re.split(r"[，,；;。？?]", normalize_text(question)) if c.strip()]
    for clause in reversed(clauses):
        cues = [m for pattern in (FIGURE_CUES, HOW_MANY) for m in pattern.finditer(clause)]
        if not cues:
            continue
        first = min(cues, key=lambda m: m.start())
        part = PART_OF.search(clause)
        if part and part.group(1):
            # "70家链主企业里有多少家是国有企业": a figure of the part (国有企业),
            # which the whole's figure does not give.
            # Its most specific word: 新兴产业 in 新兴产业集群, not 集群.
            words = [w for w in _content_words(part.group(1)) if not region_in(w)]
            return ((max(words, key=len),), "") if words else ((), "")
        before = _content_words(_SOURCE.sub("", _DEIXIS.sub("", clause[: first.start()])))[-2:]
        at = clauses.index(clause)
        if at > 0 and BARE_ASK.fullmatch(clause.strip()):
            # "能适用较低的企业所得税率？是多少？": the clause before names it
            before = _topic_words(clauses[at - 1])[-2:]
        elif (
            at > 0
            and (
                len(before) == 1
                # "链主型龙头企业里，有多大比例…": the clause before, in the same
                # sentence (not "…可以自己干吗？要等多久", a question of its own)
                # ("…学校没定奖励办法，按国家法律我们至少能拿多少": what the asker
                # gets, of its whole case — not of the clause before)
                or (
                    not before
                    and _same_sentence(question, clauses[at - 1], clause)
                    and not _ASKER.search(clause[: first.start()])
                )
                or clauses[at - 1].rstrip().endswith("呢")
            )
        ):
            # "那中试基地呢，在建的有几家", "想打个电话，号码是多少": the topic is
            # the clause before (one more word a sentence may speak of it by).
            before = _topic_words(clauses[at - 1])[-1:] + before
        # The figure may be named after the asking word, too ("要承担多长的保修期",
        # "交货后多少天内付款"); its unit (工作日, 时间) says nothing of what it is of.
        after = [
            w
            for w in _content_words(clause[first.end() :])
            if not _UNIT_WORD.search(w) and not _is_manner(w)
        ][:2]
        if asked_kinds(clause) == frozenset({"date"}):
            after = []  # "哪天印发的": the event is dated by its own rules (起施行…)
        # A verb with its result (办完, 付清) is the verb.
        # A place is the figure's scope, not what it is of (checked apart).
        focus = tuple(
            _RESULT.sub("", w) for w in before + after if not region_in(w) and w not in _SCOPES
        )
        if any(w not in _CHANGE for w in focus):
            # "工业投资增长了多少": a growth of 投资, not any growth
            focus = tuple(w for w in focus if w not in _CHANGE)
        if any(w not in _SIZE for w in focus):
            # "产业投资基金规模是多少": the size of the fund, not any 规模
            focus = tuple(w for w in focus if w not in _SIZE)
        head = before[-1] if before and not region_in(before[-1]) else ""
        return focus, "" if _is_verb(head) else head
    return (), ""


def _topic_words(clause: str) -> list[str]:
    """The words of the clause before the asking one that may name what the
    figure is of: not how something is done ("对方一直拖，有时限吗": 一直), nor
    what that clause asks ("还能怎么办，有期限吗": 怎么办)."""
    return [w for w in _content_words(clause) if not _is_manner(w) and not _ASKING.search(w)]


_ASKING = re.compile(r"怎么|什么|如何|哪|多少")


def _same_sentence(question: str, first: str, second: str) -> bool:
    """Are two clauses of ``question`` joined by a comma, not a sentence end?"""
    return bool(
        re.search(
            re.escape(first) + r"\s*[，,；;]\s*" + re.escape(second), normalize_text(question)
        )
    )


# Where a figure stands ("在全国排第几"): its scope, like a place, not what it is of.
_SCOPES = frozenset([*SCOPES, "全球", "国内", "我国", "全世界"])


# How a figure changes: what the figure measures, not what it is of.
_CHANGE = frozenset(
    ["增长", "增速", "增加", "增幅", "下降", "降低", "减少", "提高", "提升", "上升"]
)


# How big a thing is: what the figure measures of it, not what it is of.
_SIZE = frozenset(["规模", "数量", "总量", "比例", "占比", "比重"])


def _is_manner(word: str) -> bool:
    """才, 重新, 一直: how or when something is done ("多久才能重新享受"), not
    what the figure is of."""
    flags = _flags(word)
    return bool(flags) and all(f in ("d", "a", "ad", "c", "p", "u") for f in flags)


def _is_verb(word: str) -> bool:
    """提交, 付款: what is done, not what a figure is of."""
    flags = _flags(word)
    return bool(flags) and flags[-1].startswith("v")


@lru_cache(maxsize=1024)
def _flags(word: str) -> tuple[str, ...]:
    """jieba's part-of-speech flags of ``word``'s words (cached: each figure
    question asks them of the same few words)."""
    if not word:
        return ()
    from assistant.text.words import import_jieba  # jieba: on use

    import_jieba()
    import jieba.posseg as posseg

    return tuple(t.flag for t in posseg.lcut(word))


_RESULT = re.compile(r"(?<=^[\u4e00-\u9fff])[完清好掉]$")
_UNIT_WORD = re.compile(r"时间|工作日|自然日|个月|小时|天|日|周|年|倍|元|^\d")
# A modal glued to the verb the figure is of: 能罚 → 罚.
_MODAL = re.compile(r"^[能可会要得应该还]+")
_MODAL_END = re.compile(r"(?<=.)[要能会]+$")  # jieba's 占比要 → 占比
