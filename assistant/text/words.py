"""Chinese words: jieba, in two modes, with one list of words that carry no content.

- ``cut``: precise mode with jieba's own dictionary — the question's content
  terms (``text.terms``) are weighted by jieba's idf table, which knows
  exactly these words;
- ``search_tokens``: search mode with the policy-term dictionary
  (``assistant/data/policy_terms.txt``) plus character bigrams of long words —
  the keyword index's tokens (``store.keyword``).

Search tokens drop ``STOP_WORDS``; question terms drop ``QUESTION_WORDS``
(the words of asking, and words that only say how something is asked).
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.text.normalize import to_simplified

__all__ = [
    "FIGURE_MODIFIERS",
    "QUESTION_WORDS",
    "STOP_WORDS",
    "TOKENIZER_VERSION",
    "cut",
    "import_jieba",
    "search_tokens",
]

TERMS_FILE = Path(__file__).parents[1] / "data" / "policy_terms.txt"

# Words with no content in a passage: dropped from search tokens. Kept short
# on purpose — every word dropped shortens passages and moves BM25's length
# normalisation (a longer list cost the dev set an MRR point).
STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "等",
        "是",
        "在",
        "对",
        "为",
        "由",
        "其",
        "之",
        "于",
        "以",
        "并",
        "将",
        "把",
        "被",
        "从",
        "按",
        "这",
        "那",
        "个",
        "有",
        "中",
        "上",
        "下",
        "也",
        "都",
        "而",
        "则",
        "应当",
        "可以",
        "什么",
        "哪些",
        "哪个",
        "多少",
        "如何",
        "怎么",
        "怎样",
        "是否",
        "吗",
        "呢",
        "么",
        "请问",
        "规定",
    ]
)
# Words with no content in a question: function words, the words of asking,
# and words that only say how something is asked (是指, 上限, 报告…) — which
# in a passage are content (是指 marks a definition, 上限 a threshold).
QUESTION_WORDS = frozenset(
    [
        "多少",
        "哪些",
        "哪个",
        "哪类",
        "哪里",
        "哪几",
        "什么",
        "是否",
        "如何",
        "怎么",
        "怎样",
        "怎么样",
        "为什么",
        "几",
        "吗",
        "呢",
        "吧",
        "请问",
        "是",
        "的",
        "了",
        "有",
        "对",
        "在",
        "和",
        "与",
        "及",
        "或",
        "为",
        "把",
        "被",
        "从",
        "向",
        "跟",  # "跟我们签合同": 和, 与, 向 said in speech
        "其",
        "该",
        "等",
        "也",
        "都",
        "就",
        "要",
        "会",
        "能",
        "必须",
        # "多久之内": the span's own word, as 内 of 三十日内
        "之内",
        "以内",
        "可",
        "可以",
        "中",
        "年",
        "个",
        "家",
        "项",
        "我们",
        "我",
        "你",
        "您",
        "他们",
        "一家",
        "这",
        "那",
        "之",
        "所",
        "以",
        "而",
        "并",
        "又",
        "给",
        "让",
        "按",
        "按照",
        "依照",
        "根据",
        "哪",
        "第几",
        "排第几",
        "说",
        "提出",
        "提到",
        "规定",
        "报告",
        "文件",
        "资料",
        "方面",
        "指",
        "是指",
        "所称",
        "称",
        "关于",
        "有关",
        "相关",
        # "报告里有没有对口的支持": how well a measure fits is asked, not named
        "对口",
        "适合",
        "合适",
        # "按报告的思路，希望我们这类企业做些什么": the asking, not its subject
        "思路",
        "希望",
        "做些",
        "这类",
        # jieba's "累计数是从哪年": a copula glued to its preposition
        "是从",
        "是在",
        "是由",
        "主要",
        "具体",
        "到底",  # "付款期限到底是几天": how keenly it is asked
        "究竟",
        "一共",  # "一共有多少家": how a count is asked
        "总共",
        "年版",
        "版",
        "定义",
        "含义",
        "上限",
        "下限",
        # a condition put to the text: "要是逾期没缴呢"
        "要是",
        "如果",
        "假如",
        "假设",
        "万一",
        # where in a text the asker saw it, not what it says
        "这个",
        "那个",
        "脚注",
        "开头",
        "开篇",
        "结尾",
        "引用",
        "文中",
        "说法",
        "注释",
        "原文",
        "里",
    ]
)

# Words that qualify the asked figure rather than name what it is of.
FIGURE_MODIFIERS = frozenset(
    [
        "最晚",
        "最早",
        "最长",
        "最短",
        "最多",
        "最少",
        "至少",
        "最高",
        "最低",
        "具体",
        # the figure's shape, not what it is of ("判赔的范围是多少")
        "范围",
        "幅度",
        "区间",
        "大约",
        "大概",
        "一般",
        "通常",
        "要求",
        "达到",
        "需要",
        "应当",
        "应该",
        "可以",
        "能够",
        "以内",
        "之内",
        "总共",
        "一共",
        "合计",
        "分别",
        "各自",
        "目前",
        "现在",
        "今年",
        "每年",
        "之后",
        "以后",
        "之前",
        "以前",
        "事后",
        # who is asking is not what the figure is of
        "自己",
        "我们",
        "我方",
        "你们",
        "本人",
        "本企业",
        "本公司",
        "对方",
    ]
)

# Bump when search_tokens() changes: cached tokens of another version are ignored.
TOKENIZER_VERSION = 2  # the tokens are those of version 2: caches stay valid
_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)
_CJK_RUN = re.compile(r"^[\u4e00-\u9fff]{3,}$")
_lock = threading.Lock()


def import_jieba() -> Any:
    """jieba, quiet: importing it resets its logger to DEBUG, whatever was set before."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=1)
def _policy_tokenizer() -> Any:
    """A jieba tokenizer with the policy-term dictionary (built on first use)."""
    tk = import_jieba().Tokenizer()
    # jieba caches its dictionary in the system temp folder; keep that default.
    tk.load_userdict(str(TERMS_FILE))
    return tk


def cut(text: str) -> list[str]:
    """Precise-mode words of ``text`` (jieba's dictionary)."""
    return import_jieba().lcut(text)


def search_tokens(text: str) -> list[str]:
    """Search-mode tokens over NFKC + simplified, lower-cased text, without
    punctuation or ``STOP_WORDS``.

    Words of three or more CJK characters also yield their character bigrams:
    jieba keeps 链主企业 or 两千亿级 whole, and a question saying 链主 or 两千亿
    would otherwise not match them at all.
    """
    text = to_simplified(unicodedata.normalize("NFKC", text)).lower()
    with _lock:
        words = _policy_tokenizer().lcut_for_search(text)
    out: list[str] = []
    for w in (w.strip() for w in words):
        if not w or w in STOP_WORDS or _PUNCT.match(w):
            continue
        out.append(w)
        if _CJK_RUN.match(w):
            out.extend(w[i : i + 2] for i in range(len(w) - 1))
    return out
