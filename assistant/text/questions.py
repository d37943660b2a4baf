"""What a question asks for: a figure (of which kind: ``figure_asks``), a
list, a definition, conditions.

Retrieval uses it to prefer passages that state the asked figure; the answer
step to pick sentences, to shape the quote and to decide when what was found
does not answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from assistant.text.english import english_documents, english_focus, is_english
from assistant.text.figure_asks import FIGURE_CUES, HOW_MANY, asked_kinds, cue_form
from assistant.text.firm_case import split_self_description
from assistant.text.focus import counted_word, figure_focus
from assistant.text.normalize import match_form, normalize_text, quoted, to_simplified
from assistant.text.numbers import CN_DIGITS, chinese_number, to_chinese
from assistant.text.ordinals import ORDINAL, asked_places
from assistant.text.titles import document_mentions, unpointed

__all__ = [
    "CRITERIA",
    "ITSELF",
    "Ask",
    "analyse",
    "asks_for_criteria",
    "asks_for_definition",
    "asks_for_figure",
    "asks_for_list",
    "bare_term",
    "defined_term",
    "quoted",
    "split_context",
    "with_context",
]

_LIST_CUES = re.compile(
    r"哪些|有什么|有哪些|哪几|什么措施|什么建议|什么支持|什么优惠|能享受|可以享受|"
    r"哪[\d两三四五六七八九十]+[个家项类种所条]|"
    r"which|what\s*support|what\s*measures|what\s*can|"
    r"name\s*(?:some|the|all|a\s*few)|list\s*(?:the|all|some)|what\s*(?:items|kinds|types)",
    re.I,
)
_DEFINITION_CUES = re.compile(
    r"是指|指什么|指的是|什么是|什么叫|含义|定义|什么意思|啥意思|怎么理解|如何理解|是怎么回事|"
    r"(?:是|指)哪些(?:主体|人|单位|组织)|是怎么算的|怎么计算的|如何计算的|what is meant|define|"
    r"(?:怎么|如何|怎样)界定的?[?？]?$|"  # "「最高水位线」是怎么界定的？"
    # "捐给谁才算公益性捐赠", "什么样的企业才算小型微利企业": what makes one
    # (not "要满足哪些条件才算": its conditions, a list)
    r"(?:什么|怎样|怎么样|如何|谁)(?![^，,。？?]{0,4}(?:条件|标准|要求|情形))"
    r"[^，,。？?]{0,6}?才(?:算|属于|叫|能算)",
    re.I,
)
# "…的认定标准/申报条件是什么": an answer states conditions or a procedure.
# "什么情况下可以…", "要符合什么条件": the answer is a lead and its conditions.
_ASKS_CRITERIA = re.compile(
    r"(?:认定|申报|申请|评定|入选|评选)(?:的)?(?:标准|条件|程序|流程|要求)|门槛|"
    r"(?:什么|哪些|哪几种|哪几类|何种|哪种)(?:条件|情况|情形|要求|标准)|"
    r"(?:满足|具备|符合)(?:什么|哪些)|under what (?:conditions|circumstances)|what conditions",
    re.I,
)
CRITERIA = re.compile(
    r"条件|标准|符合|具备|程序|流程|申请|申报|认定|评定|门槛|不低于|不超过|不少于|情形"
)


def asks_for_definition(question: str) -> bool:
    return bool(_DEFINITION_CUES.search(match_form(question)))


# Asking words that ask for something else than a figure.
_OTHER_ASKING = re.compile(
    r"谁|哪个|哪些|哪里|哪儿|什么|怎么|如何|怎样|是否|吗|有没有|能不能|能否|可不可以|可否"
)


_GIVEN_FIGURE = re.compile(
    r"(?:\d+(?:\.\d+)?[%‰]|百分之[零一二三四五六七八九十百]+)的?[^，,。？?]{0,8}?(?:税率|比例|利率|征收率)"
)


# "滞纳金按什么标准收": the rate a charge is levied at, not the conditions.
_CHARGED_AT = re.compile(
    r"(?:按|以|依)(?:什么|啥|哪种)标准(?:加|征|计)?(?:收|缴|交|算|罚|扣|补|奖)"
)


# A yes/no question ("能不能把数量增长率当成考核指标？") names a figure it
# does not ask for; "有比例要求吗", "税率有上限吗" ask whether one is set.
_YES_NO = re.compile(r"吗$|能不能|可不可以|是否|能否|可否|是不是|行不行")
_NAMED_ONLY = frozenset({"数量", "比例", "税率", "利率", "金额"})
_SET = re.compile(r"(?:有|的|上)?(?:什么|具体)?(?:要求|限制|上限|下限|规定|标准)")


def _names_a_figure_only(q: str) -> bool:
    """Does the yes/no question ``q`` only name figures, asking none?"""
    if not _YES_NO.search(q.rstrip("?？")):
        return False
    return all(
        m.group() in _NAMED_ONLY and not _SET.match(q, m.end()) for m in FIGURE_CUES.finditer(q)
    )


# "是不是同一套标准？", "是否有统一标准？": whether, not what the standard is;
# "在实施哪些行为时不得…设置不平等标准？": which acts, the standard only named.
_WHETHER_STANDARD = re.compile(
    r"(?:(?:是不是|是否)[^，,。？?]{0,8}|(?:哪些|哪几|哪类)[^，,。？?是]{0,24})"
    r"(?:期限|标准|时限|幅度|额度|上限|下限)[?？]?$"
)


def asks_for_figure(question: str) -> bool:
    # "定义标准是什么" asks what a term means and "认定标准是什么" for
    # conditions, not for a number.
    # "哪些货物适用9%的税率": the rate is given; what has it is asked.
    q = _GIVEN_FIGURE.sub(" ", cue_form(question))
    q = _WHETHER_STANDARD.sub(" ", q)
    if _CHARGED_AT.search(q):
        return True
    if not FIGURE_CUES.search(q) or asks_for_definition(question) or _names_a_figure_only(q):
        return False
    # "几个部门联合出台的…，由谁来审查": the figure word is not in the clause
    # that asks.
    clauses = [c for c in re.split(r"[，,；;]", q) if c]
    if (
        len(clauses) > 1
        and not FIGURE_CUES.search(clauses[-1])
        and _OTHER_ASKING.search(clauses[-1])
    ):
        return False
    return not asks_for_criteria(question) or bool(HOW_MANY.search(q))


def asks_for_list(question: str) -> bool:
    return bool(_LIST_CUES.search(match_form(question))) and not asks_for_figure(question)


def asks_for_criteria(question: str) -> bool:
    return bool(_ASKS_CRITERIA.search(match_form(question)))


# --- the whole question ---------------------------------------------------------------

Shape = Literal["article", "definition", "list", "figure", "general"]
_ARTICLE = re.compile(rf"第([{CN_DIGITS}十百千]+|\d+)条(?:之([{CN_DIGITS}十]+))?")
_EN_ARTICLE = re.compile(r"\barticle\s+(\d+)", re.I)
# "规定了什么 / 内容是什么 / 怎么规定 / 说了什么": the article itself is the answer.
# "增值税法第24条": an article named and nothing asked of it.
_BARE_ARTICLE = re.compile(
    r"第\s*[0-9零一二三四五六七八九十百千]+\s*条(?:之[一二三四五六七八九十])?\s*[?？。.]?\s*$"
)
_ARTICLE_IS = re.compile(r"条(?:之[一二三四五六七八九十])?是(?:什么|啥)[?？。]?$")
_WHAT_IT_SAYS = re.compile(
    r"规定了?(?:什么|啥)|内容|怎么规定|如何规定|怎样规定|(?:说|讲|写)(?:了|的是|的)?(?:什么|啥)|"
    r"什么规定|有何规定|怎么说|如何说|怎么讲|关于什么|呢|"
    r"provide|say|state|about|cover|contain|stipulat|regulat"
)


@dataclass(frozen=True)
class Ask:
    """What a question asks for, read once and shared by every step."""

    question: str
    shape: Shape
    kinds: frozenset[str] | None  # figure kinds that answer it (None: any)
    article: str  # "第四十二条" when it asks about an article by number
    documents: tuple[str, ...]  # document names it mentions
    criteria: bool  # asks for conditions or a standard
    english: bool
    term: str = ""  # for a definition: the term asked about ("科技成果转化")
    focus: tuple[str, ...] = ()  # for a figure: the words just before the asking word
    context: str = ""  # the conversation's subject a follow-up leans on (``with_context``)
    source: bool = False  # asks where a figure comes from or how it is counted (its footnote)
    counted: str = ""  # for a count: the word after "多少家" (高新技术 in 多少家高新技术企业)
    ordinal: int = 0  # a point asked for by its place: 3 in "第三点", "第三方面", "第三项"
    within: int = 0  # the place of the part that point is in: 1 in "对策第一部分的第二点"


# A follow-up's standalone form: the conversation's subject marked off, so it
# helps find passages without outweighing the question's own words.
_CONTEXT = re.compile(r"^\(接上文:(?P<context>[^()]*)\)")


def split_context(question: str) -> tuple[str, str]:
    """(the conversation's subject, the question) of a ``with_context`` form;
    ("", question) for a question without one."""
    form = normalize_text(question)
    m = _CONTEXT.match(form)
    if m is None:
        return "", question
    return m.group("context"), form[m.end() :]


# The document itself as the subject ("这份报告", "该文件", "本期", "this
# report"). "这份报告里提到的实验室叫什么" asks of something in it, not of it.
ITSELF = re.compile(
    r"(?:这|该|本|此)一?(?:份|篇|期|个)?(?:[^，,。？?]{0,12}?的)?(报告|文章|文件|材料|研究|刊物|简报|东西)"
    r"|(?:这|本|该)(期)(?![间限])"
    r"|\bthis\b[^?.]{0,60}?\b(report|document|paper|issue|publication)\b",
    re.IGNORECASE,
)


def with_context(question: str, context: str) -> str:
    """``question`` with the conversation's subject it leans on, for display,
    search and ``analyse`` (which keeps the subject apart)."""
    return f"（接上文：{re.sub(r'[()（）]', '', context)}）{question}"


def _article(question: str) -> str:
    m = _ARTICLE.search(question)
    if m and ORDINAL.match(question, m.start()):
        m = None  # "第三条建议": a report's point, not an article
    if m:
        number = m.group(1)
        if number.isdigit():
            number = to_chinese(int(number))
        elif chinese_number(number) is None:
            return ""
        return f"第{number}条" + (f"之{m.group(2)}" if m.group(2) else "")
    m = _EN_ARTICLE.search(question)
    return f"第{to_chinese(int(m.group(1)))}条" if m else ""


# "What about X?": the earlier question, asked of X
# "And IoT programs?": a bare noun phrase after "and" asks it the same way
WHAT_ABOUT = re.compile(
    r"\s*(?:and\s+)?(?:what|how)\s+about\b"
    r"|\s*and\s+(?!(?:what|how|when|where|who|whom|which|why|is|are|was|were|does|do|did|can|could"
    r"|should|will|would|has|have)\b)(?=[^?]{0,40}\?\s*$)",
    re.I,
)


@lru_cache(maxsize=1024)
def analyse(question: str) -> Ask:
    """The question's shape: an article by number, a definition, a list or
    conditions, a figure (of which kinds), or anything else. Read in the
    common form (``normalize_text``: simplified, NFKC)."""
    # "…管辖的这个规定": the name pointed at is the name (its words are no terms)
    context, question = split_context(unpointed(normalize_text(question)))
    # a firm's description of itself ("…十几个人。报告里有没有对口的支持？")
    # is its case: the question it asks has the shape
    asked = split_self_description(question)[1]
    article = _article(asked)
    # "What about advertising expenses?" asks the previous question of them.
    figure = asks_for_figure(asked) or bool(
        context and WHAT_ABOUT.match(asked) and asks_for_figure(context)
    )
    documents = tuple(document_mentions(question)) or tuple(document_mentions(context))
    shape: Shape
    if (
        article
        and not figure
        and (
            _WHAT_IT_SAYS.search(match_form(asked))
            or _BARE_ARTICLE.search(asked)
            # "…条例第三十五条是什么": a named text's article ("四链融合的第二条
            # 是什么" is a point of the report)
            or (documents and _ARTICLE_IS.search(asked))
        )
    ):
        shape = "article"
    elif asks_for_definition(asked):
        shape = "definition"
    elif figure and not _ASKS_SOURCE.search(match_form(asked)):
        shape = "figure"
    elif asks_for_list(asked) or asks_for_criteria(asked):
        shape = "list"
    else:
        shape = "general"
    if not documents and is_english(question):
        documents = tuple(english_documents(question))
    places = asked_places(asked)
    return Ask(
        question=question,
        shape=shape,
        # "（接上文：…的基本税率）卖图书这类，是多少？": a bare 多少 asks the kind
        # of figure the conversation was about.
        kinds=(asked_kinds(asked) or asked_kinds(context) if shape == "figure" else None),
        article=article,
        documents=documents,
        criteria=asks_for_criteria(asked),
        english=is_english(question),
        term=defined_term(question, documents) if shape == "definition" else "",
        focus=_focus(asked) if shape == "figure" else (),
        counted=counted_word(asked) if shape == "figure" else "",
        ordinal=places[0],
        within=places[1],
        context=context,
        source=bool(_SOURCE_CUES.search(match_form(question))),
    )


# "排名的数据引自哪份公报": the source of a figure, asked by name — not the figure.
_ASKS_SOURCE = re.compile(
    r"(?:出处|来源|数据源|来自|出自|引自|引用自?)(?:是|于)?(?:哪|什么)|"
    # "报告注明是根据哪份报告整理的": what the data were compiled from
    r"(?:根据|依据|基于)(?:哪|什么)[^，,。？?]{0,6}(?:整理|统计|测算|计算|得出)"
)
# "这个数据出处是哪", "脚注里怎么定义的": what a report's footnote says.
_SOURCE_CUES = re.compile(
    r"出处|来源|数据源|来自|出自|引自|引用|哪份材料|哪个平台|哪里来|哪来的|数据整理|整理的|口径|定义|"
    r"怎么算的|如何计算|怎么计算|脚注|注释|source|cited|defined|definition",
    re.I,
)


def _focus(question: str) -> tuple[str, ...]:
    return english_focus(question) if is_english(question) else figure_focus(question)


_ASKED_TERM = (
    re.compile(
        r"(.+?)(?:是指什么|指的是什么|是指|的定义|的含义|是什么意思|什么意思|指什么|"
        r"怎么理解|如何理解|(?:是|指)哪些|指的?是?哪(?:几|[一二三四五六七八九十两])?个|是?怎么算的|是?怎么计算的|是?如何计算的|"
        r"(?:是|被)?(?:怎么|如何|怎样)(?:定义|界定)的?)"
    ),
    re.compile(r"(?:什么是|什么叫|何为|何谓)(.+?)(?:[?？。]|$)"),
    re.compile(r"才(?:算|属于|叫|能算)(.+?)(?:[?？。，,]|$)"),  # "捐给谁才算公益性捐赠"
)
_TERM_LEAD = re.compile(
    r"^.*?(?:所称|所说的|中的|里的|规定的|讲的|说的|要求的|上的)|^(?:本法|本条例|该法|该条例)"
)


def defined_term(question: str, documents: tuple[str, ...] = ()) -> str:
    """The term a definition question asks about: "专利法所称发明是指什么" → 发明."""
    question = to_simplified(question)
    for pattern in _ASKED_TERM:
        m = pattern.search(question)
        if m:
            # The words around the document's name ("外观设计本身在专利法里",
            # "在政府采购法中供应商"): the longer side, without where it is asked.
            parts = [m.group(1)]
            for name in documents:
                parts = [piece for part in parts for piece in part.split(name)]
            return max((bare_term(p) for p in parts), key=len)
    return ""


def bare_term(text: str) -> str:
    """The term in the words before a definition's cue, without where it is
    asked ("条例所说的民营企业" → 民营企业), or the words the asker quotes."""
    marked = quoted(text)
    if marked:
        return marked[0]  # "其中“三沿”指什么": the words the asker quotes
    text = _TERM_LEAD.sub("", text.strip("《》 ，,、"))
    text = text.strip("的之 ，,《》“”\"'「」")
    text = re.sub(r"^(?:在|于|按|依)?(?:中|里|内|上)?的?", "", text)
    text = re.sub(r"(?:在|于)?(?:里|中|内|上)?$", "", text)
    text = re.sub(r"(?:本身|自身|这个词|这一概念)$", "", text)
    return text.strip("的之 ，,《》“”\"'「」")
