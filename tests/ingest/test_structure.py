"""Heading and article recognition on the 40 real laws, the seed report and small texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.text import parse_number as chinese_number
from ingest.structure import (
    Block,
    article_label,
    normalize_heading,
    parse_structure,
)
from tests.conftest import SEED_FILE as SEED
from tests.conftest import law_files, law_path

LAW_FILES = law_files()
ARTICLE_LINE = re.compile(
    r"(?m)^(第[零〇一二三四五六七八九十百千两]+条(?:之[一二三四五六七八九十]+)?)[ \u3000]"
)


def law_body(path: Path) -> str:
    """The law's text after its header block, as the tests' CleanDocument text."""
    return path.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[1]


def by_kind(blocks: list[Block], kind: str) -> list[Block]:
    return [b for b in blocks if b.kind == kind]


def test_law_texts_are_present() -> None:
    names = {p.name for p in LAW_FILES}
    assert len(names) >= 25 and "保障中小企业款项支付条例(2020-07-05).md" in names


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("第一章　总　　则", "第一章 总则"),
        ("第一章  总  则", "第一章 总则"),
        ("第六章 附 则", "第六章 附则"),
        ("第二节 帐簿、凭证管理", "第二节 帐簿、凭证管理"),
        ("第一分编　通则", "第一分编 通则"),
        ("（一）出台系列政策文件，形成“1+N”顶层设计", "（一）出台系列政策文件，形成“1+N”顶层设计"),
        ("科技赋能广西产业链聚链集群 发展的对策研究", "科技赋能广西产业链聚链集群发展的对策研究"),
        ("Open Data 开放", "Open Data开放"),
    ],
)
def test_normalize_heading(raw: str, shown: str) -> None:
    assert normalize_heading(raw) == shown


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十七", 17), ("二十", 20), ("九十二", 92), ("一百零二", 102),
     ("一百三十二", 132), ("两百", 200), ("12", 12)],
)  # fmt: skip
def test_chinese_number(numeral: str, value: int) -> None:
    assert chinese_number(numeral) == value


def test_article_label() -> None:
    assert article_label("第十七条之一 本条规定") == "第十七条之一"
    assert article_label("第九十二条\u3000企业") == "第九十二条"
    assert article_label("第九十二条规定的") is None  # no space: a reference, not an article


@pytest.mark.parametrize("path", LAW_FILES, ids=lambda p: p.stem)
def test_law_blocks_cover_text_in_order(path: Path) -> None:
    text = law_body(path)
    blocks = parse_structure(text)
    covered = bytearray(len(text))
    last_end = 0
    for block in blocks:
        assert last_end <= block.start < block.end <= len(text)
        assert block.level == len(block.path)
        covered[block.start : block.end] = b"\x01" * (block.end - block.start)
        last_end = block.end
    missed = [c for i, c in enumerate(text) if not covered[i] and not c.isspace() and c != "\u200b"]
    assert missed == []


@pytest.mark.parametrize("path", LAW_FILES, ids=lambda p: p.stem)
def test_law_articles_and_headings(path: Path) -> None:
    text = law_body(path)
    blocks = parse_structure(text)
    labels = [b.path[-1] for b in by_kind(blocks, "article")]
    assert labels == ARTICLE_LINE.findall(text)
    if not labels:
        return  # the one non-article text (安排) has its own test below
    md_headings = [
        normalize_heading(line.lstrip("#")) for line in text.splitlines() if line.startswith("##")
    ]
    assert [b.path[-1] for b in by_kind(blocks, "heading")] == md_headings
    for block in by_kind(blocks, "heading"):
        assert not block.path[-1].startswith(("（", "(")), "law items are not headings"


def test_chapters_sections_and_full_width_spaces() -> None:
    blocks = parse_structure(law_body(law_path("企业所得税法实施条例(2019-04-23).md")))
    paths = {b.path[-1]: b.path for b in by_kind(blocks, "article")}
    assert paths["第九十二条"] == ("第四章 税收优惠", "第九十二条")
    assert paths["第十五条"] == ("第二章 应纳税所得额", "第二节 收入", "第十五条")
    assert paths["第一百三十二条"] == ("第八章 附则", "第一百三十二条")

    blocks = parse_structure(law_body(law_path("税收征收管理法(2015-04-24).md")))
    paths = {b.path[-1]: b.path for b in by_kind(blocks, "article")}
    assert paths["第十五条"] == ("第二章 税务管理", "第一节 税务登记", "第十五条")
    assert paths["第九十二条"] == ("第六章 附则", "第九十二条")  # a 节 ends with its chapter

    blocks = parse_structure(law_body(law_path("北京市促进中小企业发展条例(2020-09-25).md")))
    assert by_kind(blocks, "article")[0].path == ("第一章 总则", "第一条")  # 第一章　总　　则


def test_articles_before_first_chapter_have_no_chapter() -> None:
    # This file's source lost its 第一章 heading: articles start at the top.
    blocks = parse_structure(law_body(law_path("浙江省民营企业发展促进条例(2020-01-16).md")))
    assert by_kind(blocks, "article")[0].path == ("第一条",)


def test_document_title_line_is_kept_out_of_paths() -> None:
    text = (law_path("企业所得税法(2018-12-29).md")).read_text(encoding="utf-8")
    blocks = parse_structure(text)
    assert blocks[0].kind == "title"
    assert by_kind(blocks, "article")[0].path == ("第一章 总则", "第一条")


def test_article_suffix_and_run_together_articles() -> None:
    text = (
        "## 第二章 管理\n\n"
        "第十六条 甲方应当登记。第十七条 乙方应当报告。\n\n"
        "第十七条之一 丙方应当备案，见本法第九条 的规定。第十八条 丁方。\n\n"
        "第十九条 依照第二十条 规定办理。"
    )
    articles = by_kind(parse_structure(text), "article")
    assert [b.path for b in articles] == [
        ("第二章 管理", "第十六条"),
        ("第二章 管理", "第十七条"),
        ("第二章 管理", "第十七条之一"),
        ("第二章 管理", "第十八条"),
        ("第二章 管理", "第十九条"),
    ]
    assert text[articles[1].start : articles[1].end] == "第十七条 乙方应当报告。"
    # 第九条 follows a comma-free clause but is not the expected next article.
    assert "第九条" in text[articles[2].start : articles[2].end]


def test_book_part_chapter_section_levels_and_misplaced_markdown() -> None:
    text = (
        "第一编 总则\n\n第一章 基本规定\n\n第一条 甲。\n\n"
        "第二编 物权\n\n第一分编 通则\n\n第一章 一般规定\n\n第一节 范围\n\n第二条 乙。\n\n"
        "### 第二章 其他\n\n第三条 丙。"
    )
    paths = [b.path for b in by_kind(parse_structure(text), "article")]
    assert paths == [
        ("第一编 总则", "第一章 基本规定", "第一条"),
        ("第二编 物权", "第一分编 通则", "第一章 一般规定", "第一节 范围", "第二条"),
        ("第二编 物权", "第一分编 通则", "第二章 其他", "第三条"),
    ]


def test_seed_report_headings() -> None:
    blocks = parse_structure(SEED.read_text(encoding="utf-8"))
    headings = [b.path for b in by_kind(blocks, "heading")]
    assert headings[0] == ("一、广西产业链聚链集群发展迎来重大机遇",)
    assert ("三、对策建议", "（一）提升产业发展效能，推动产业链上下游协同") in headings
    assert ("三、对策建议", "（三）加强智慧园区建设，推动资源要素整合协同") in headings
    assert len(headings) == 12  # 3 × 一、 and 9 × （一）
    assert not any(p[-1].startswith("一是") for p in headings)  # 一是…。 is prose
    assert not by_kind(blocks, "article")


def test_long_numbered_paragraphs_are_not_headings() -> None:
    name = "最高人民法院关于内地与香港特别行政区相互执行仲裁裁决的安排(2000-01-24).md"
    blocks = parse_structure(law_body(law_path(name)))
    headings = [b.path for b in by_kind(blocks, "heading")]
    assert headings == [
        ("一、中国国际商会设立的仲裁委员会",),
        ("二、各省、自治区、直辖市成立的仲裁委员会",),
        ("三、迄今曾受理过涉港澳仲裁案件的仲裁委员会",),
    ]


def test_policy_levels_and_inline_title() -> None:
    text = (
        "一、总体要求\n\n到2025年，基本建成体系。\n\n二、重点任务\n\n"
        "（一）加强组织领导。各地要建立工作机制。明确责任分工。\n\n"
        "1. 建立台账\n\n（1）按月报送\n\n每月5日前报送。\n\n（二）强化保障\n\n资金到位。"
    )
    blocks = parse_structure(text)
    texts = {text[b.start : b.end]: b.path for b in by_kind(blocks, "text")}
    assert texts["到2025年，基本建成体系。"] == ("一、总体要求",)
    assert texts["各地要建立工作机制。明确责任分工。"] == ("二、重点任务", "（一）加强组织领导")
    assert texts["每月5日前报送。"] == (
        "二、重点任务",
        "（一）加强组织领导",
        "1.建立台账",
        "（1）按月报送",
    )
    assert texts["资金到位。"] == ("二、重点任务", "（二）强化保障")


def test_no_structure_is_one_block() -> None:
    text = "\n第一段文字。\n\n第二段文字，没有任何标题。\n"
    assert parse_structure(text) == [Block("text", 0, (), 1, len(text) - 1)]
    assert parse_structure("") == []
