"""The question's frame: the words around its asking word, as the answering
sentence says them around the answer ("园区产业主要以什么为主" → "主要以制造业
为主"; "以哪些区域为主要平台" → "以中关村…为主要平台").

A sentence that holds the frame in order, with a gap where the asking word
stood, is the one that fills it — whatever else it shares with the question.
"""

from __future__ import annotations

import re

from assistant.text import CJK, match_form

__all__ = ["FRAME_BONUS", "frame_bonus", "frame_of"]

FRAME_BONUS = 0.1
# "应该找香港哪个法院": a body asked for by its kind is named where the frame
# is filled ("在香港特区指香港特区高等法院") — the sentence that says who.
BODY_FRAME_BONUS = 0.25
_BODY = re.compile(r"(?:人民)?(?:法院|法庭|部门|机关|机构|委员会|政府)")
_WHICH = re.compile(r"哪个|哪一?级|哪家|哪类")
_BODY_GAP = 20
_ASKING = re.compile(r"哪些|哪几|哪个|哪一?级|哪家|哪类|哪里|哪儿|哪|什么|多少|几|谁")
_PLAIN = re.compile(r"[^\u4e00-\u9fff]")
_GAP = 60  # characters the answer may take between the two sides


# "从哪到哪", "从哪里走到哪里": a span asked for by its two ends.
_SPAN_ASKED = re.compile(r"从(?:哪里|哪儿|哪|什么)[\u4e00-\u9fff]{0,2}?到(?:哪里|哪儿|哪|什么)")
_SPAN = re.compile(r"从[^，。；从]{1,12}?到[^，。；]{1,12}")


def frame_of(question: str) -> re.Pattern[str] | None:
    """The pattern of ``question``'s frame in match form, or None when its
    asking word does not stand between two words (it opens or ends it)."""
    q = match_form(question)
    if _SPAN_ASKED.search(q):
        return _SPAN
    m = _ASKING.search(q)
    if m is None:
        return None
    left = re.sub(r"(?:是|为|有)$", "", q[: m.start()])
    left = re.split(r"[，,。；;：:？?]", left)[-1][-2:]
    right = re.split(r"[，,。；;：:？?]", q[m.end() :])[0]
    right = re.sub(r"(?:呢|吗|啊|的|了)+$", "", right)[-3:]
    if len(CJK.findall(left)) < 2 or len(CJK.findall(right)) < 2 or _PLAIN.search(left + right):
        return None
    body = _BODY.match(q[m.end() :])
    if _WHICH.fullmatch(m.group()) and body and len(CJK.findall(left)) >= 2:
        # a body asked for by its kind is named within a clause ("应该找香港
        # 哪个法院" → "在香港特区指香港特区高等法院")
        return re.compile(f"{re.escape(left)}[^，,。；;]{{1,{_BODY_GAP}}}?{body.group()}")
    return re.compile(f"{re.escape(left)}.{{1,{_GAP}}}?{re.escape(right)}")


def frame_bonus(question: str, frame: re.Pattern[str]) -> float:
    """What filling ``frame`` adds to a sentence's score: more when the
    question asks which body ("哪个法院", "哪一级政府")."""
    return BODY_FRAME_BONUS if "[^，" in frame.pattern else FRAME_BONUS
