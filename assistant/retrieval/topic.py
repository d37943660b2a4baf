"""Whether a question goes on with the conversation's subject.

A question after others that is not a follow-up by its form ("采购人多久要
答复质疑？") is asked with the subject before it carried as context — unless
it starts one of its own: it is in another language, a whole English
question, or speaks of another kind of document ("回到那份报告…"); what that
subject is: ``carried_subject``.

One that shares no word with the last exchange and names something specific
("偷税会被怎么处罚？" after venture-capital tax credits) is in doubt: it may
still go on with the subject ("违反禁捕规定…" after 捕捞 rules), so the
chain asks it both ways (``rewrite.may_stand_alone``).

And what the subject is that a pronoun (它, 该条例, 这个) stands for
(``pronoun_topic``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.retrieval.swaps import QWORD, TRAIL, echoes, split_question, topic_words
from assistant.text import (
    CJK,
    DOCUMENT_REF_TYPES,
    OOV_WEIGHT,
    OWN_FIRM,
    analyse,
    classify_title,
    document_mentions,
    match_form,
    normalize_text,
    question_terms,
    regions_in,
    split_context,
)

__all__ = [
    "EN_ANAPHOR",
    "EN_ASKS",
    "EN_PRONOUN",
    "carried_subject",
    "new_topic",
    "pronoun_topic",
    "specific",
    "unrelated",
]

# A long English follow-up that asks something of its own; without a word
# of asking ("And for high-tech enterprises that the state supports?") it is
# a phrase that leans on the question before.
EN_ASKS = re.compile(
    r"\b(?:what|how|which|who|whom|whose|when|where|why|is|are|was|were|do|does|did|can|"
    r"could|must|should|will|would|may|has|have)\b",
    re.IGNORECASE,
)
EN_PRONOUN = re.compile(r"\b(it|its|they|their|that|this)\b", re.IGNORECASE)
# "How is that indicator defined?": a thing of the last answer pointed at,
# in a question of any length
EN_ANAPHOR = re.compile(
    r"\b(?:that|this|these|those|the same)\s+(?:indicator|figure|number|rate|ratio|share|"
    r"law|regulation|rule|provision|article|clause|policy|measure|report|document|plan|"
    r"programme|program|requirement|threshold|amount|percentage|deadline|period|"
    r"case|situation|scenario|matter|issue|question|item|point|category|kind|type)s?\b",
    re.IGNORECASE,
)
_SPECIFIC = 5.0  # a term this specific (偷税, 巡回) names a subject of its own
_PLACE_ASKED = re.compile(r"第[一二三四五六七八九十\d]{1,3}(?:条|点|个|项|部分|方面|名|位)")


# A kind of document a question speaks of, and the kinds of title it means.
_KIND_OF = {"报告": ("report", "publication", "other"), "条例": ("law",), "法律": ("law",)}


def _other_kind(question: str, answer: str) -> bool:
    """Does the question speak of a kind of document ("那份报告") other than
    the one the last answer cited?"""
    cited = next(iter(document_mentions(answer)), "")
    kinds = [k for word, k in _KIND_OF.items() if word in question]
    return bool(cited and kinds) and not any(classify_title(cited) in k for k in kinds)


def _echoed(term: str, before: str) -> bool:
    """A short form of words said before: 禁捕 for 禁止…捕捞."""
    return len(term) == 2 and all(ch in before for ch in term)


def new_topic(question: str, previous: str, answer: str) -> bool:
    """Does ``question`` start a subject of its own? In another language than
    the one before, or a whole English question; or it speaks of a kind of
    document the last answer's is not ("回到那份报告…" after a regulation)."""
    q = normalize_text(question)
    if bool(CJK.search(q)) != bool(CJK.search(split_context(previous)[1])):
        return True  # the subject's words would not match
    if not CJK.search(q):
        whole = len(q.split()) > 6 and bool(EN_ASKS.search(q))
        return whole and not EN_PRONOUN.search(q)  # "does it commit…": the one before
    return _other_kind(q, answer)


def unrelated(question: str, previous: str, answer: str) -> bool:
    """Does the question share no word with the last exchange (nor a place in
    what it listed: "第三点…") and name something specific?"""
    q = normalize_text(question)
    if _PLACE_ASKED.search(q):
        return False  # "第三点具体怎么做": a place in what was just listed
    before = match_form(f"{previous}{answer}")
    terms = [(t, w) for t, w in question_terms(q) if len(t) > 1]
    if any(t in before or _echoed(t, before) for t, _ in terms):
        return False
    return specific(terms)


def specific(terms: Sequence[tuple[str, float]]) -> bool:
    """Does one of ``terms`` name a subject? Words jieba's table lacks are
    often its glue (才算, 比要), not one."""
    return any(w >= _SPECIFIC and w != OOV_WEIGHT for _, w in terms)


# --- what 它 / 这个 stands for ------------------------------------------------


def _topic(question: str) -> str:
    quoted = re.search(r"《([^》]+)》", question)
    if quoted:
        return quoted.group(1)
    subject, predicate = split_question(question)
    topic = re.split(r"[对在关就]", subject, maxsplit=1)[0] or subject
    # "园区智能化方面报告发现了什么问题": 这个 is 园区智能化方面的问题
    said = _SAID_BY_DOCUMENT.search(topic)
    if said and said.start() >= 2 and (m := _ASKED_NOUN.match(predicate)):
        return f"{topic[: said.start()]}的{m.group(1)}"
    if _DOCUMENT_ONLY.fullmatch(topic) and (m := QWORD.match(predicate)):
        # "报告怎么说柳州？": 它 is what the report is asked about
        asked = _SAYS.sub("", TRAIL.sub("", predicate[m.end() :]))
        if len(CJK.findall(asked)) >= 2:
            return asked
    return topic


# A subject ending with its document's saying ("…方面报告发现了"), and the
# thing asked for after it ("什么问题").
_SAID_BY_DOCUMENT = re.compile(
    r"[，,]?(?:这份|这篇|该|本)?(?:报告|文件|文章)(?:里|中)?(?:发现|认为|指出|提出|说|讲|提到|分析)了?的?$"
)
_ASKED_NOUN = re.compile(r"(?:哪些|什么|哪几个|哪几类|哪几方面)([\u4e00-\u9fff]{2,4}?)[？?。]?$")


# A subject that is only the document asked of, and the verbs of its saying.
_DOCUMENT_ONLY = re.compile(r"(?:这份|这篇|该|本)?(?:报告|文件|文章|条例|规定|办法|法)")
_SAYS = re.compile(r"^(?:说|讲|提到?|写|评价|介绍|描述)(?:了|的|到)?")


# What is said of a document itself (its dates, its articles), not of its subject.
_OF_DOCUMENT = re.compile(
    r"施行|生效|实施|通过|公布|发布|印发|修订|修正|制定|废止|第[^条]{1,6}条|全文"
)


# A document pointed at by its kind: 这个规定, 该条例, 此法.
_KIND_POINTED = re.compile(r"(?:这个|这部|该|此|上述)(法律|法规|条例|办法|规定|法)")


def pronoun_topic(tail: str, previous: str, cited: str = "") -> str:
    """What 它/该条例 stands for: the document the previous question named when
    the follow-up asks about the document itself (when it took effect, an
    article) — or, naming none, the document its answer cited ("深圳有人工智能
    的地方法规吗？" answered with its title) — else the previous question's subject."""
    named = document_mentions(previous)
    # "也按这个规定来定管辖吗" after an answer citing 《…若干问题的规定》: the
    # text of that kind, not the last question's subject
    kind = _KIND_POINTED.search(tail)
    if kind and (of_kind := [n for n in (*named, cited) if n and n.endswith(kind.group(1))]):
        return of_kind[0]
    if not _OF_DOCUMENT.search(tail):
        return _topic(previous)
    if not named:
        return cited or _topic(previous)
    # Keep the version the previous question asked about ("2020年版的…").
    version = re.search(r"((?:19|20)\d{2}年?(?:版|修订|修正)的?)" + re.escape(named[0]), previous)
    return f"{version.group(1)}{named[0]}" if version else named[0]


# "我们是木材加工企业，…": a firm describing itself, not the report asked before.
_INTRODUCES = re.compile(rf"^(?:{OWN_FIRM})")
# "那里面…", "其中…": a part of the whole the last question asked of
_PART_OF_LAST = re.compile(r"^(?:那|这)?(?:里面|里头|其中|当中|之中)")
_OWN_TOPIC = 6  # characters before the question word: "大企业拖欠货款，可以去哪里投诉"


def carried_subject(question: str, previous: str, cited: str) -> str:
    """The conversation's subject, for a question after others that names no
    document or place of its own ("采购人多久要答复质疑？" after a question about
    政府采购): the document the previous question named, else its subject,
    else the document its answer cited. A definition question
    ("什么是专精特新？") has its subject in its term: it stands alone."""
    if document_mentions(question) or regions_in(question):
        return ""
    if analyse(question).shape == "definition" or _INTRODUCES.match(normalize_text(question)):
        return ""  # its subject is in its term; a firm that introduces itself starts anew
    # a previous question that leaned on the subject passes it on
    context, previous = split_context(previous)
    if named := next(iter(document_mentions(previous)), ""):
        if _PART_OF_LAST.match(normalize_text(question)):
            # "那里面专门留给小微企业的比例…": a part of what was asked, in that text
            topic = topic_words(normalize_text(previous))
            return topic if named in topic else f"{named} {topic}"
        return named
    # The previous question's own subject says more than the document its
    # answer cited. A cited law or policy joins it — its words are defined
    # in that text — but not a report, whose title restates its topics.
    own = topic_words(normalize_text(previous))
    # its own subject, unless it only leaned on an earlier one ("排第几？")
    ownish = len(CJK.findall(own)) >= _OWN_TOPIC or specific(question_terms(own))
    subject = own if ownish else context or own
    if not subject or echoes(subject, question):
        return cited
    if cited and classify_title(cited) in DOCUMENT_REF_TYPES:
        return f"{cited} {subject}"
    return subject
