"""Which part of a report a question asks of: the problems it finds or the
measures it proposes.

A report sets its problems (二、…面临的问题挑战) apart from its measures
(三、对策建议), and a question usually asks of one: "报告建议我们搭建哪些平台"
wants a measure, "报告认为拖累产业发展的问题有哪些" a problem. The sentences of
the other part share the question's words (园区、平台、线上) but do not answer
it; the headings say which part a passage is in. Laws have no such headings:
their passages are of neither part.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from assistant.text.firm_case import asked_by_a_firm
from assistant.text.normalize import match_form

__all__ = ["Part", "asked_part", "part_of"]

Part = Literal["measures", "problems", ""]

_ASKS_MEASURES = re.compile(
    r"建议|对策|措施|举措|怎么做|如何做|怎样做|该怎么|应该|应当|希望|主张|提倡|鼓励|"
    r"思路|路径|办法|方向|着力|重点|如何(?:推动|提升|加强|促进|构建|建设)|"
    # a firm asking what it gets: the support a report proposes
    r"支持|扶持|帮(?:我|助|扶)|怎么帮|优惠|对口|做(?:些)?什么|针对我们|对我们|给我们|机会|"
    r"suggest|recommend|propose|should|support|help|incentive|opportunit"
)
_ASKS_PROBLEMS = re.compile(
    r"问题|短板|不足|挑战|困难|瓶颈|制约|薄弱|阻碍|拖累|缺什么|缺了|缺少|难点|差距|"
    r"problem|weakness|challenge|shortcoming"
)
_MEASURES = re.compile(r"对策|建议|措施|举措|路径|策略")
_PROBLEMS = re.compile(r"问题|挑战|不足|困境|短板|瓶颈")
_CHAPTER = re.compile(r"第[一二三四五六七八九十百零〇\d]+[章节编]")


@lru_cache(maxsize=512)
def asked_part(question: str) -> Part:
    """The part a question asks of ('' when both or neither)."""
    q = match_form(question)
    measures, problems = bool(_ASKS_MEASURES.search(q)), bool(_ASKS_PROBLEMS.search(q))
    if measures and problems:
        # "针对园区智能化的问题，报告提出了什么办法": the asking clause decides
        last = re.split(r"[,，;；]", q.rstrip("?？。"))[-1]
        measures, problems = bool(_ASKS_MEASURES.search(last)), bool(_ASKS_PROBLEMS.search(last))
    if not measures and not problems and asked_by_a_firm(question):
        return "measures"  # "我们是…企业，报告说双方要建立什么": what it proposes for us
    if measures == problems:
        return ""
    return "measures" if measures else "problems"


def part_of(section: str) -> Part:
    """The part a passage is in, by its headings ('' for neither: a law's
    chapter, a report's background)."""
    top = section.split(">")[0].strip()  # the report's main heading decides
    if _CHAPTER.match(top):
        return ""  # a law's chapter (第三章 扶持措施) is not a report's part
    if _MEASURES.search(top):
        return "measures"
    if _PROBLEMS.search(top):
        return "problems"
    return ""
