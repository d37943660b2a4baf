"""Follow-up questions → standalone questions, by rules (no LLM needed).

A follow-up leans on the previous user turn: "排第几？" after
"广西2023年R&D经费投入强度是多少？" means "广西2023年R&D经费投入强度排第几？".
The rules, in order:

1. not a follow-up (no history, or the question stands on its own) → as is;
2. a pronoun (它, 该条例, 这个…) → replaced by the previous question's topic;
3. an elliptic question ("排第几？", "那有多少？") → previous subject + it;
4. an entity ("那物联网专业呢？", "全国平均水平呢？") → swapped into the previous
   question: a region replaces its region, a phrase sharing its head noun
   (物联网专业 ~ 人工智能本科专业) replaces that phrase; otherwise (and for
   a condition, "要是逾期没缴呢") the previous question is asked of it, the
   previous subject carried as context (``with_context``), weighing less
   (the swaps are ``swaps``).

Earlier follow-ups are resolved first, so chains of follow-ups work.
``retrieval_query`` may add figures from the previous answer: the follow-up's
answer usually sits next to them. With a chat model, ``rewrite`` asks it
(``llm.REWRITE_PROMPT``) and falls back to the rules when the model fails or
says nothing useful.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel

from assistant.errors import BackendError
from assistant.llm import REWRITE_PROMPT, format_history, invoke_chat
from assistant.records import Turn
from assistant.retrieval.ordinals import FRAMING, placed_item, swap_place
from assistant.retrieval.swaps import (
    QWORD,
    TRAIL,
    ask_of,
    implementing_rules,
    names_only,
    split_question,
    swap_document,
    swap_names,
    swap_party,
    swap_phrase,
    swap_region,
    swap_version,
    topic_words,
    version_only,
)
from assistant.retrieval.topic import (
    EN_ANAPHOR,
    EN_ASKS,
    EN_PRONOUN,
    carried_subject,
    new_topic,
    pronoun_topic,
    unrelated,
)
from assistant.settings import Settings
from assistant.text import (
    CJK,
    EN_VERSION_WORDS,
    analyse,
    document_mentions,
    normalize_text,
    question_terms,
    regions_in,
    split_context,
    with_context,
)

log = logging.getLogger(__name__)

__all__ = [
    "is_follow_up",
    "may_stand_alone",
    "retrieval_query",
    "rewrite",
    "standalone_question",
]

_LEAD = re.compile(
    r"^(?:那么|那如果是?|如果是|那(?![些里时样份篇部本])|还有|另外|此外|以及|"
    r"and\s+what\s+about|what\s+about|how\s+about|and(?=\s))[\s,，、]*",
    re.IGNORECASE,
)
_PRONOUN = re.compile(
    r"它们|它|该(?:法律|法规|条例|法|办法|规定|文件|政策|报告|规划|意见|通知)|"
    r"这个(?:文件|政策|条例|规定|报告)?|这项(?:政策|规定)?|此(?:法|条例|办法|规定)|上述(?:文件|规定|条例)?"
)
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|‰|亿元|万元|元|亿|万|家|个|项|所|位)")
_CONDITION = re.compile(r"^(?:要是|假如|假设|万一|如果是?|若是?)")
_OWN_ASKED = 4  # characters before the question word: "那规上企业总量多少" asks its own
_OWN_YES_NO = 6  # characters of a yes/no follow-up that asks its own ("那个体户可以吗" no)
_EN_VERSION = re.compile(
    r"\b(?:(?:19|20)\d\d|old|older|new|newer|previous|earlier|current|latest|original|revised)"
    rf"\s+(?:{EN_VERSION_WORDS}|text)\b",
    re.I,
)
_OWN_WORDS = 3  # content words of a follow-up's own besides its pronoun
_LONG_TOPIC = 12  # characters: 它 standing for more than a name
_YES_NO = re.compile(r"吗\s*[?？]?\s*$")
_SHORT_PHRASE = 8  # characters of an entity swapped into the previous question
_SHORT = 12  # characters: "排第几？", "全国平均水平呢？" are far shorter
_ELLIPTIC_REST = 3  # characters after the question word: "有多少家" yes, "什么是专精特新" no


# "询价小组也是这么组成的吗？", "北京的标准也一样吗？": the last question asked
# again of what it names — "那询价小组呢？" said another way.
_SAME_AS_BEFORE = re.compile(
    r"^(?P<what>[^，,。]+?)(?:也|还|都)(?:是|都)?"
    r"(?:这样|这么[\u4e00-\u9fff]{0,4}?|一样|如此|同样|相同)的?[\s吗嘛呢?？。]*$"
)


def _as_before(question: str) -> str:
    """ "X也是这样吗" as "那X呢" (the question itself otherwise)."""
    m = _SAME_AS_BEFORE.match(normalize_text(question).strip())
    return f"那{m.group('what')}呢？" if m else question


def _turns(history: Sequence[Turn] | None, role: str) -> list[str]:
    return [t.get("content", "") for t in history or () if t.get("role") == role]


def _user_turns(history: Sequence[Turn] | None) -> list[str]:
    return _turns(history, "user")


def is_follow_up(question: str, history: Sequence[Turn] | None) -> bool:
    """Does ``question`` need the previous turn to be understood?"""
    users = _user_turns(history)
    if not users:
        return False
    q = normalize_text(_as_before(question))
    if _LEAD.match(q):
        return True
    if re.search(r"呢\s*[?？]?\s*$", q) or _PRONOUN.search(q):
        return True
    if CJK.search(q):
        if version_only(TRAIL.sub("", q)):
            return True  # "旧版是怎么规定的？": the last question, of another version
        if names_only(_LEAD.sub("", q), users[-1]):
            return True  # "山东是怎么规定的？": the last question, of another text or place
        # Elliptic: little more than a question word ("排第几？", "有多少家？").
        core = TRAIL.sub("", q)
        m = QWORD.match(core)
        return len(core) <= _SHORT and m is not None and len(core) - m.end() <= _ELLIPTIC_REST
    return (len(q.split()) <= 6 and bool(EN_PRONOUN.search(q))) or bool(EN_ANAPHOR.search(q))


def _resolve(question: str, previous: str, cited: str = "") -> str:
    # "那2025年修订后的版本呢？有变化吗？": the follow-up is the part up to 呢;
    # "那不是工业的公司呢？条件是什么？" asks its own thing of it.
    q = re.sub(r"呢\s*[?？](.+)$", _after_ne, normalize_text(_as_before(question)))
    fragment = TRAIL.sub("", _LEAD.sub("", q, count=1))
    if not fragment:
        return previous
    if not CJK.search(q):  # English: the rules below are Chinese grammar
        words = fragment.split()
        if _EN_VERSION.search(fragment) and not analyse(fragment).documents:
            # "what does the 2020 version say about…": a version of the text asked before
            return with_context(q, previous)
        if len(words) > 6 and EN_ASKS.search(fragment):
            # its own question ("where does that put it" leans on the last); "How is
            # that indicator defined in the report?": its own words, the last their context
            leans = EN_PRONOUN.search(fragment) or EN_ANAPHOR.search(fragment)
            return with_context(q, previous) if leans else ask_of(fragment)
        if fragment != TRAIL.sub("", q):
            # "What about the high-tech enterprises?": its own words, the
            # previous question carried as lighter context (its figure kind too).
            return with_context(q, previous)
        return f"{previous} {q}"  # "When does this law take effect?"
    tail = _LEAD.sub("", q, count=1)
    if not version_only(fragment) and (named := swap_names(tail, previous)):
        return named  # "山东是怎么规定的？": the last question, of this text or place
    swapped = swap_document(fragment, tail, previous, cited)
    if swapped:
        return swapped
    if _PRONOUN.search(tail):
        topic = pronoun_topic(tail, previous, cited)
        own = _PRONOUN.sub("", tail, count=1)
        alone = _PRONOUN.search(tail).group() in ("它", "它们")  # not 这个比例: a determiner
        if alone and len(question_terms(own)) >= _OWN_WORDS and len(topic) > _LONG_TOPIC:
            # "报告拿它跟哪个地区做的对比？": its own words decide, what 它 stands
            # for (a whole earlier question) is their context
            return with_context(ask_of(tail), topic)
        return ask_of(_PRONOUN.sub(topic, tail, count=1).replace(f"{topic}的", topic, 1))
    if _self_contained(fragment):
        return ask_of(fragment)
    if version_only(fragment) and (versioned := swap_version(fragment, previous)):
        return versioned
    if m := QWORD.search(fragment):
        subject = split_question(previous)[0]
        if len(CJK.findall(fragment[: m.start()])) >= _OWN_ASKED:
            # "那规上企业总量现在多少？": its own subject, the previous one context
            return with_context(ask_of(tail), topic_words(previous))
        return ask_of(f"{subject}{tail}")
    # A phrase swapped in for a phrase: a short entity ("那物联网专业呢"), not
    # a condition ("要是逾期没缴呢", "如果是故意侵权、情节严重呢") or a clause.
    swaps = [swap_version, swap_region, swap_party]
    if not _CONDITION.match(tail) and len(CJK.findall(fragment)) <= _SHORT_PHRASE:
        swaps.append(swap_phrase)
    for swap in swaps:
        out = swap(fragment, previous)
        if out:
            return out
    if _YES_NO.search(tail) and len(CJK.findall(fragment)) >= _OWN_YES_NO:
        # "那没做审查的政策措施能出台吗？": a yes/no question of its own (not the
        # last one's "哪个部门负责"), the last question its context
        return with_context(ask_of(tail), topic_words(previous))
    # Otherwise the previous question asked of the follow-up's own words, which
    # weigh more than the subject it carries over.
    context, previous = split_context(previous)
    subject, predicate = split_question(previous)
    if predicate.startswith("吗"):
        predicate = "会怎样"  # "可以延期吗" → "要是逾期没缴呢": what follows from it
    own = ask_of(f"{_CONDITION.sub('', fragment)}，{predicate}")
    subject = topic_words(previous)
    carried = f"{context} {subject}".strip() if context not in subject else subject
    if regions_in(fragment) or document_mentions(fragment):
        # "北京呢？" after a national law's question: Beijing's texts, not that law
        for name in document_mentions(carried):
            carried = carried.replace(name, " ")
    return with_context(own, carried.strip())


def _after_ne(m: re.Match[str]) -> str:
    rest = m.group(1)
    return f"，{rest}" if _OWN_ASK.search(rest) else "呢？"


# What a question after "…呢？" asks of its own (a yes/no "有变化吗" asks nothing more).
_OWN_ASK = re.compile(r"什么|多少|哪|几|怎么|怎样|如何|多久|多长|谁|何时")


# "这是专利法第几条规定的？": where the rule just given is written.
_WHICH_ARTICLE = re.compile(r"第几条|哪一?条|哪个条款|哪项规定|出自哪")


# Characters: "这个数据出自哪份公报" leans on the last answer; a longer one names its own subject.
_OWN_SUBJECT = 16


def _which_article(question: str, history: Sequence[Turn] | None) -> str:
    """A follow-up asking which article (or source) says what the last answer
    said: the question, with the last answer's claim as its context, so the
    passage holding it is found ('' when it is not such a question — or names
    its own subject: "广西2023年R&D经费投入强度出自哪份公报")."""
    q = normalize_text(question)
    if not _WHICH_ARTICLE.search(q):
        return ""
    if len(TRAIL.sub("", q)) > _OWN_SUBJECT and not _PRONOUN.search(q):
        return ""
    replies = _turns(history, "assistant")
    if not replies:
        return ""
    claim = FRAMING.sub("", normalize_text(replies[-1])).strip()
    claim = re.split(r"(?<=[。；;])", claim)[0][:120]
    # As context, not as part of the question: the claim's 排名第28位 does not
    # make "出自哪份公报" ask for a rank.
    return with_context(question, claim) if claim else ""


def _self_contained(fragment: str) -> bool:
    """ "那北京的数字经济促进工作归哪个部门管": a whole question of its own, with
    its own place or document and subject before the question word; the
    previous one only lent it its 那."""
    m = QWORD.search(fragment)
    if m is None or not (regions_in(fragment) or document_mentions(fragment)):
        return False
    return len(CJK.findall(fragment[: m.start()])) >= 8


def standalone_question(question: str, history: Sequence[Turn] | None) -> str:
    """``question`` made understandable without ``history`` (rule-based)."""
    users = _user_turns(history)
    if not users:
        return question
    if located := _which_article(question, history):
        return located
    previous = _resolved(users)
    answers = _turns(history, "assistant")
    # "那第二部分第三点是什么": a point of a part it names itself, not of the last list
    own_part = bool(analyse(question).within)
    if not own_part and (
        asked_place := swap_place(normalize_text(question), normalize_text(previous))
    ):
        return asked_place  # "第三个" after "…的第二个问题是什么"
    if answers and not own_part and (placed := placed_item(question, previous, answers[-1])):
        return placed
    cited = next(iter(document_mentions(answers[-1])), "") if answers else ""
    question = implementing_rules(question, previous, cited)
    if _BACK.match(normalize_text(question)):
        # "回到最开始那份报告，排第三的是哪个": the first question's subject.
        first = topic_words(normalize_text(users[0]))
        return with_context(question, first) if first else question
    if not is_follow_up(question, [{"role": "user", "content": previous}]):
        if new_topic(question, previous, answers[-1] if answers else ""):
            return question
        carried = carried_subject(question, previous, cited)
        return with_context(question, carried) if carried else question
    return _resolve(question, normalize_text(previous), cited)


# The asker goes back to where the conversation began.
_BACK = re.compile(r"^(?:再)?(?:回到|回头说|说回)(?:最开始|一开始|开头|最初|第一个问题)")


def _resolved(users: Sequence[str]) -> str:
    """The last user turn made standalone: earlier follow-ups are resolved
    first, so a chain of them keeps its subject."""
    previous = users[0]
    for u in users[1:]:
        previous = standalone_question(u, [{"role": "user", "content": previous}])
    return previous


def may_stand_alone(question: str, history: Sequence[Turn] | None) -> bool:
    """Is the subject carried into ``question`` in doubt? It shares no word
    with the last exchange and names something specific ("偷税会被怎么处罚？"
    after venture-capital tax credits) — yet it may still go on with the
    subject ("违反禁捕规定…" after 捕捞 rules). The chain asks it alone first
    and keeps that when the corpus covers it well."""
    users = _user_turns(history)
    if not users or is_follow_up(question, [{"role": "user", "content": users[-1]}]):
        return False
    previous = _resolved(users)
    answers = _turns(history, "assistant")
    return unrelated(question, previous, answers[-1] if answers else "")


def retrieval_query(question: str, history: Sequence[Turn] | None, max_terms: int = 3) -> str:
    """The standalone question plus a few figures from the previous answer.

    The figures are additions at the end (they do not replace the question):
    the answer to a follow-up usually sits beside the figure just given.
    """
    standalone = standalone_question(question, history)
    if standalone == question:
        return standalone
    answers = _turns(history, "assistant")
    if not answers:
        return standalone
    figures = [f for f in dict.fromkeys(_FIGURE.findall(normalize_text(answers[-1])))]
    figures = [f for f in figures if f not in standalone][:max_terms]
    return f"{standalone} {' '.join(figures)}".strip()


def rewrite(
    question: str,
    history: Sequence[Turn] | None,
    chat_model: BaseChatModel | None = None,
    settings: Settings | None = None,
) -> tuple[str, str]:
    """(standalone question, retrieval query) for ``question`` after ``history``.

    The rules decide whether it is a follow-up at all; a chat model, when
    given, rewrites a follow-up, and the rules answer when it fails."""
    standalone = standalone_question(question, history)
    query = retrieval_query(question, history)
    if chat_model is None or settings is None or not history or standalone == question:
        return standalone, query
    try:
        reply = invoke_chat(
            chat_model,
            REWRITE_PROMPT.format_messages(history=format_history(history), question=question),
            settings,
        )
    except BackendError as exc:  # the rule-based rewrite stands; generation reports it
        log.info("LLM rewrite failed (%s); using the rule-based rewrite", exc)
        return standalone, query
    text = reply.strip().splitlines()[0].strip() if reply.strip() else ""
    text = re.sub(r"^(?:改写后的问题|问题)[:：]\s*", "", text)
    if not text or len(text) > 4 * max(len(question), len(standalone)):
        return standalone, query
    return text, text
