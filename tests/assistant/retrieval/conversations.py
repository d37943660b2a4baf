"""Conversations the follow-up tests lean on."""

from __future__ import annotations

RD = [
    {"role": "user", "content": "广西2023年R&D经费投入强度是多少？"},
    {"role": "assistant", "content": "2023年广西R&D经费投入强度为0.84%，远低于全国平均水平2.65%。"},
]
AI = [
    {"role": "user", "content": "广西有多少所高校开设人工智能本科专业？"},
    {"role": "assistant", "content": "广西仅有12所高校开设人工智能本科。"},
]


def exchange(question: str, answer: str) -> list[dict[str, str]]:
    """A conversation of one question and its answer."""
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
