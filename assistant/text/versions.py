"""The version of a text a question speaks of: the one it asks of ("2025年
修订后的", "旧版", "the 2020 version"), and the one it compares against
("和2020年版相比"). Matched against the documents' versions (``retrieval``,
``answer.versions``), never against passage text."""

from __future__ import annotations

import re

__all__ = [
    "EN_VERSION_WORDS",
    "NTH_REVISION",
    "VERSION_DATE",
    "VERSION_POINTER",
    "without_baseline",
    "without_version",
]

# The English words a version is named by ("the 2020 version", "the revised text").
EN_VERSION_WORDS = r"version|revision|edition"

# "2020年那版": a version pointed at (here, in follow-ups and in the year a
# figure is asked of).
VERSION_POINTER = r"[那这]一?个?"
# The date a version is named by ("2024年9月"), and its count ("第三次修正").
VERSION_DATE = r"(?:19|20)\d{2}\s*年?(?:\d{1,2}月(?:\d{1,2}日)?)?"
NTH_REVISION = r"第[一二三四五六七八九十]次"
# "和2020年版相比，新版…": the version compared against, not the one asked of;
# "2024年9月第三次修正的": a revision dated to the month, counted
_VERSION = (
    rf"{VERSION_DATE}的?(?:{VERSION_POINTER})?"
    rf"(?:{NTH_REVISION})?(?:版本?|修订版?|修正版?)(?:的?(?:条例|规定|办法|法))?"
)
# "比旧版多了哪一种": a version named by its age is compared against as well
_COMPARED = rf"(?:{_VERSION}|(?:旧|老|原|新)版本?|修订前的?版本?|原来的?版本?)"
_BASELINE = re.compile(
    rf"(?:和|与|跟|同)\s*{_COMPARED}(?:相比|相较|比较|比)"
    rf"|(?:相比于?|相较于?|比起|较之?|(?<![对相])比)\s*{_COMPARED}"
)


def without_baseline(question: str) -> str:
    """``question`` without the version it compares against ("和2020年版相比")."""
    return _BASELINE.sub(" ", question)


# The version a question asks of ("2025年修订后的", "旧版"): matched against the
# documents' versions, not against passage text (a header's "…修订）" line).
_VERSION_MARK = re.compile(
    rf"{_VERSION}(?:后|前)?的?|(?:旧|新|老|原|现行)(?:版本|版)的?|修订(?:后|前)的?(?:版本|版)?"
)


def without_version(question: str) -> str:
    """``question`` without the version it asks of."""
    return _VERSION_MARK.sub(" ", question)
