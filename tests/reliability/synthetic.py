"""Small synthetic policy documents built by the tests (clearly not real texts).

Each document is a Markdown "办法" whose articles (第X条) become one chunk each,
so a test knows how many chunks to expect and embeds only a few hundred
characters per document. Every document carries a unique marker word so a
keyword search can find exactly its chunks.
"""

from __future__ import annotations

import random
from pathlib import Path

NUMERALS = "一二三四五六七八九十"
SUBJECTS = ("中小企业", "科技型企业", "高新技术企业", "个体工商户", "专精特新企业", "外贸企业")
ACTIONS = ("给予一次性奖励", "按比例给予补贴", "优先安排用地指标", "减半收取服务费", "提供贷款贴息")
AMOUNTS = ("五万元", "十万元", "二十万元", "三十万元", "五十万元")


def marker(n: int) -> str:
    """A made-up word unique to document ``n`` (for keyword checks)."""
    return f"合成标记{NUMERALS[n % 10]}{NUMERALS[(n // 10) % 10]}号"


def synthetic_doc(n: int, articles: int = 4, version: int = 0, seed: int = 0) -> str:
    """The text of synthetic document ``n``; another ``version`` changes every article."""
    rng = random.Random(f"{seed}-{n}-{version}")
    lines = [f"# 合成测试办法第{n}号（测试用虚构文本）", ""]
    for a in range(articles):
        subject, action, amount = rng.choice(SUBJECTS), rng.choice(ACTIONS), rng.choice(AMOUNTS)
        lines.append(
            f"第{NUMERALS[a]}条 本办法所称{subject}，指在本市登记注册的{subject}（{marker(n)}）。"
            f"符合条件的，{action}，最高不超过{amount}，版本{version}。"
            f"申请材料由区级主管部门在{rng.randint(5, 30)}个工作日内审核完毕。"
        )
        lines.append("")
    return "\n".join(lines)


def write_docs(folder: Path, count: int, articles: int = 4, seed: int = 0) -> list[Path]:
    """``count`` synthetic documents (3 to ``articles``+2 articles each) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        path = folder / f"synthetic-{n:02d}.md"
        path.write_text(synthetic_doc(n, rng.randint(3, articles + 2), seed=seed), "utf-8")
        paths.append(path)
    return paths
