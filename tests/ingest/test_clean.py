"""Cleaning: whitespace, running lines, rejoined lines, footnotes, page spans."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.settings import Settings
from ingest.clean import (
    clean_document,
    is_page_number,
    normalize_whitespace,
    remove_digit_spaces,
    strip_running_lines,
)
from ingest.linebreaks import is_heading, should_join
from ingest.loaders import load
from ingest.types import CleanDocument, LoadedDocument, Page

from .conftest import HEADER, LAW_DIR, SEED_REPORT, make_report_pdf


def _doc(*pages: str, numbered: bool = True) -> LoadedDocument:
    return LoadedDocument(
        source=Path("x"),
        format="pdf" if numbered else "text",
        pages=[Page(i + 1 if numbered else None, text) for i, text in enumerate(pages)],
    )


def _assert_spans_cover(doc: CleanDocument) -> None:
    spans = doc.page_spans
    if not doc.text:
        assert spans == []
        return
    assert spans[0][0] == 0 and spans[-1][1] == len(doc.text)
    for (_, end, _), (start, _, _) in itertools.pairwise(spans):
        assert end == start


# --- pure steps ------------------------------------------------------------------------


def test_normalize_whitespace_keeps_ideographic_spaces_in_headings() -> None:
    raw = "## 第一章　总　　则  \r\n\u200b\n\n\n\n第一条\u00a0为了\u2003测试。\t\n"
    assert normalize_whitespace(raw) == "## 第一章　总　　则\n\n第一条 为了 测试。"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("2024 年7 月", "2024年7月"),
        ("广西仅有 12 所高校", "广西仅有12所高校"),
        ("排名第 28 位", "排名第28位"),
        ("2024 年 11 月 26 日", "2024年11月26日"),
        ("1 范围", "1 范围"),  # a section number opening a line stays
        ("3.1 术语和定义", "3.1 术语和定义"),
        ("R&D 经费", "R&D 经费"),
    ],
)
def test_remove_digit_spaces(raw: str, clean: str) -> None:
    assert remove_digit_spaces(raw) == clean


@pytest.mark.parametrize(
    "line", ["- 3 -", "— 12 —", "第 3 页", "第3页 共10页", "3/10", "7", "Page 2 of 9"]
)
def test_page_numbers(line: str) -> None:
    assert is_page_number(line)


@pytest.mark.parametrize(
    "line", ["2024年", "第三条 本法自公布之日起施行。", "3.5%", "一、总体要求"]
)
def test_not_page_numbers(line: str) -> None:
    assert not is_page_number(line)


@pytest.mark.parametrize(
    "line",
    [
        "一、总体要求",
        "（一）加大支持",
        "(二)其他",
        "第十条 内容",
        "1. 范围",
        "（3）项",
        "## 第一章",
    ],
)
def test_headings(line: str) -> None:
    assert is_heading(line)


@pytest.mark.parametrize("line", ["制品业（15.28%）", "2.5%的增长", "一是工业规模持续扩大。"])
def test_not_headings(line: str) -> None:
    assert not is_heading(line)


def test_running_header_and_footer_go_only_when_repeated() -> None:
    pages = [f"政策简报 第{n}期\n正文第{n}页的内容。\n- {n} -" for n in range(1, 5)]
    pages[2] = "独有的首行\n正文。\n第 3 页"
    assert strip_running_lines(pages) == [
        "正文第1页的内容。",
        "正文第2页的内容。",
        "独有的首行\n正文。",
        "正文第4页的内容。",
    ]


FULL = 30.0


@pytest.mark.parametrize(
    ("prev", "nxt", "sep", "joined"),
    [
        ("主要行业有木材加工及木制品业（20.13%）、非金属矿物", "制品业（15.28%）", "page", True),
        ("短标题", "正文开始了。", "blank", False),
        # A long list paragraph followed by a label (最高人民法院…仲裁裁决的安排).
        (
            "邯郸仲裁委员会、邢台仲裁委员会、沧州仲裁委员会、承德仲裁委员会、衡水仲裁委员会",
            "山西省",
            "blank",
            False,
        ),
        ("南宁、桂林、柳州等地的高校资源分布不均，柳州作为目前，", "广西仅有", "blank", True),
        ("这是一个完整的句子，到这里就结束了，而且它足够长度了。", "下一段。", "newline", False),
        ("（一）出台系列政策文件，形成“1+N”顶层设计", "2023年12月，习近平总书记", "blank", False),
        (
            "各地区各部门要加强组织领导和统筹协调工作，具体措施如下",
            "（一）加大财政支持",
            "newline",
            False,
        ),
        (
            "各地区各部门要加强组织领导和统筹协调工作，具体措施包括",
            "第三条 本条例",
            "newline",
            False,
        ),
        ("## 第一章 总则", "第一条", "newline", False),
        # A 文号 line is never glued to the title above it, nor the text below.
        ("上海市茶园建设补贴办法", "沪府发〔2023〕8号", "newline", False),
        ("沪府发〔2023〕8号", "各区人民政府，市政府各委、办、局", "newline", False),
        (
            "根据国务院办公厅印发的有关文件精神和省政府的工作部署，现按照",
            "国发〔2023〕8号文件要求",
            "newline",
            True,
        ),
    ],
)
def test_should_join(prev: str, nxt: str, sep: str, joined: bool) -> None:
    assert should_join(prev, nxt, sep, FULL) is joined


# --- the seed report (a PDF converted to text) --------------------------------------------


@pytest.fixture(scope="module")
def seed() -> CleanDocument:
    return clean_document(load(SEED_REPORT, Settings()))


def test_seed_page_breaks_are_rejoined(seed: CleanDocument) -> None:
    text = seed.text
    assert "非金属矿物制品业（15.28%）" in text
    assert "目前，广西仅有12所高校" in text
    assert "管理效率不高、资源配置不合理" in text
    assert "融资服务平台" in text and "、产\n" not in text
    assert "非金属矿物\n" not in text


def test_seed_headings_stay_on_their_own_lines(seed: CleanDocument) -> None:
    lines = seed.text.split("\n")
    for heading in (
        "一、广西产业链聚链集群发展迎来重大机遇",
        "（一）出台系列政策文件，形成“1+N”顶层设计",
        "三、对策建议",
    ):
        assert heading in lines
    assert "大数据与决策研究" in lines and "2024年11月26日" in lines


def test_seed_footnotes_sit_after_their_sentences(seed: CleanDocument) -> None:
    text = seed.text
    assert not re.search(r"(?m)^[⁰¹²³⁴⁵⁶⁷⁸⁹]", text)
    for n in range(1, 7):
        assert text.count(f"[注{n}：") == 1
    assert (
        "在全国31个省市中排名第28位⁵。"
        "[注4：研究与试验发展（R&D）经费投入强度：研究与试验发展（R&D）经费与生产总值之比]"
        "[注5：《2023年全国科技经费投入统计公报》]"
    ) in text
    assert (
        "汽车制造业（4.0%）²，这些产业处于价值链的中低端，缺乏高附加值的产品和服务，限制产业链的延伸和升级。[注2：广西壮族自治区统计局数据整理]"
        in text
    )
    # The note stays in the paragraph of its marker, so a chunk of that sentence holds it.
    paragraph = next(p for p in text.split("\n") if "[注4：" in p)
    assert "强度⁴（0.84%）" in paragraph


def test_seed_is_pageless(seed: CleanDocument) -> None:
    assert seed.page_spans == [(0, len(seed.text), None)]
    assert seed.page_at(100) is None


# --- a generated PDF -------------------------------------------------------------------------


def test_pdf_cleaning_end_to_end(tmp_path: Path) -> None:
    doc = clean_document(load(make_report_pdf(tmp_path / "r.pdf"), Settings(data_dir=tmp_path)))
    text = doc.text
    assert HEADER not in text and "- 2 -" not in text
    assert text.startswith("一、总体情况\n2024年7月，")
    assert "其中木材加工业、非金属矿物制品业" in text and "贡献率" in text
    assert "非金属矿物制品业（15.28%）" in text  # across the page break
    assert "处于价值链中低端。[注1：来源于自治区统计局月度数据。]\n二、存在问题" in text
    assert "\n（一）龙头企业带动能力不足\n" in text
    _assert_spans_cover(doc)
    assert doc.page_at(text.index("2024年7月")) == 1
    assert doc.page_at(text.index("制品业（15.28%）")) == 2
    assert doc.page_at(text.index("[注1")) == 1
    assert doc.page_at(text.index("三、对策建议")) == 3


def test_law_text_is_unchanged_but_for_whitespace() -> None:
    loaded = load(LAW_DIR / "北京市促进中小企业发展条例(2020-09-25).md", Settings())
    doc = clean_document(loaded)
    assert doc.meta == loaded.meta
    assert "## 第一章　总　　则" in doc.text
    body = normalize_whitespace(loaded.pages[0].text)
    assert doc.text == body


def test_empty_document_has_no_spans() -> None:
    doc = clean_document(_doc("", "  \n"))
    assert doc.text == "" and doc.page_spans == []


def test_unmatched_footnote_is_kept_in_place() -> None:
    doc = clean_document(_doc("正文一。\n\n⁹ 没有标记的脚注\n\n正文二。", numbered=False))
    assert doc.text == "正文一。\n\n[注9：没有标记的脚注]\n\n正文二。"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("中文字句，。一、（）¹²\n -3 页"), max_size=80),
        min_size=1,
        max_size=5,
    )
)
def test_page_spans_always_cover_the_text(pages: list[str]) -> None:
    doc = clean_document(_doc(*pages))
    _assert_spans_cover(doc)
    assert all(page in range(1, len(pages) + 1) for _, _, page in doc.page_spans)
