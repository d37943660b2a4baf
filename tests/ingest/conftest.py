"""Generators of real test files: Chinese PDFs (reportlab), a scanned PDF, DOCX, HTML, GBK text.

PDFs with Chinese text are made here rather than stored, so what they contain
is visible next to the tests that read them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, LAWS_DIR, law_path

SEED_REPORT = FIXTURES / "seed_report.txt"
LAW_DIR = LAWS_DIR
__all__ = ["LAW_DIR", "SEED_REPORT", "law_path"]
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")

HEADER = "广西大数据研究院 决策参考 2024年第5期"
# Page 1 ends mid-sentence ("非金属矿物" / "制品业"); its footnote sits at the bottom.
PAGES = [
    [
        "一、总体情况",
        "2024 年7 月，全区规模以上工业增加值同比增长6.5%¹，其中木材加工",
        "业、非金属矿物制品业和农副食品加工业增长较快，对全区工业增长的贡",
        "献率合计超过四成，主要行业有木材加工及木制品业（20.13%）、非金属矿物",
        "¹ 来源于自治区统计局月度数据。",
    ],
    [
        "制品业（15.28%）、农副食品加工业（6.79%）等，这些产业处于价值链中低端。",
        "二、存在问题",
        "（一）龙头企业带动能力不足",
        "链主型龙头企业在促进产业集群形成、技术创新推广等方面牵引能力有限。",
    ],
    [
        "三、对策建议",
        "推动传统产业转型升级，利用大数据、人工智能等现代信息技术进行智能化",
        "改造，提升产业发展效能，推动产业链上下游协同发展，形成新的增长点。",
    ],
]


def _cjk_canvas(path: Path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return canvas.Canvas(str(path), pagesize=A4)


def make_report_pdf(path: Path, pages: list[list[str]] = PAGES) -> Path:
    """A Chinese PDF with a running header, "- N -" footers and a footnote."""
    pdf = _cjk_canvas(path)
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(72, 800, HEADER)
        pdf.setFont("STSong-Light", 12)
        y = 760
        for line in lines:
            footnote = line.startswith("¹")
            pdf.setFont("STSong-Light", 9 if footnote else 12)
            pdf.drawString(72, 90 if footnote else y, line)
            y -= 20
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(290, 50, f"- {number} -")
        pdf.showPage()
    pdf.save()
    return path


def make_text_pdf(path: Path, pages: int = 1, text: str = "第一条 为了测试，制定本办法。") -> Path:
    pdf = _cjk_canvas(path)
    for _ in range(pages):
        pdf.setFont("STSong-Light", 12)
        pdf.drawString(72, 760, text)
        pdf.showPage()
    pdf.save()
    return path


def make_scanned_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF whose only page is a picture of text (no text layer)."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader

    if CJK_FONT.exists():
        font = ImageFont.truetype(str(CJK_FONT), 32)
    else:  # pragma: no cover - the machine has Noto CJK; keep the test meaningful anyway
        font = ImageFont.load_default(size=32)
        lines = ["Article 1 This rule is made for testing."]
    image = Image.new("RGB", (900, 60 + 60 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((30, 30 + 60 * i), line, font=font, fill="black")
    pdf = _cjk_canvas(path)
    pdf.drawImage(ImageReader(image), 50, 500, width=450, height=image.height / 2)
    pdf.showPage()
    pdf.save()
    return path


def make_encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = make_text_pdf(path.with_name("plain-" + path.name))
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    # RC4 needs no extra crypto package (AES would need `cryptography`).
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def make_docx(path: Path, title: str | None = "测试通知") -> Path:
    from docx import Document

    document = Document()
    if title:
        document.core_properties.title = title
    document.add_heading("关于支持中小企业发展的通知", level=1)
    document.add_paragraph("各市、县人民政府：")
    document.add_paragraph("现将有关事项通知如下。")
    table = document.add_table(rows=2, cols=3)
    for row, cells in zip(
        table.rows, [("项目", "金额", "期限"), ("贷款贴息", "100万元", "3年")], strict=True
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("本通知自印发之日起施行。")
    document.save(str(path))
    return path


GOV_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>关于印发支持中小企业若干措施的通知_广西壮族自治区人民政府门户网站</title>
<meta name="ArticleTitle" content="广西壮族自治区人民政府办公厅关于印发支持中小企业若干措施的通知">
<script>var tracker = "脚本内容不应出现";</script>
<style>.zoom { color: black }</style>
</head><body>
<header><div class="logo">广西壮族自治区人民政府门户网站</div></header>
<nav><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/hdjl">互动交流</a></nav>
<div class="breadcrumb">当前位置：首页 &gt; 政策文件</div>
<table class="xxgk-info">
<tr><td>文号：</td><td>{number}</td><td>发文机关：</td><td>广西壮族自治区人民政府办公厅</td></tr>
<tr><td>成文日期：</td><td>2024年2月28日</td><td>发布日期：</td><td>2024-03-05</td></tr>
</table>
<h1>广西壮族自治区人民政府办公厅关于印发支持中小企业若干措施的通知</h1>
<div id="zoom" class="article-content">
<p>各市、县人民政府，自治区人民政府各组成部门、各直属机构：</p>
<p>《支持中小企业若干措施》已经自治区人民政府同意，现印发给你们，请认真贯彻执行。</p>
<p>一、加大财政支持<br>对符合条件的中小企业给予贷款贴息。</p>
</div>
<aside class="related">相关文章：某某</aside>
<footer>版权所有：广西壮族自治区人民政府办公厅</footer>
</body></html>
"""


def make_html(path: Path, number: str = "桂政办发〔2024〕5号") -> Path:
    path.write_text(GOV_PAGE.replace("{number}", number), encoding="utf-8")
    return path


@pytest.fixture
def report_pdf(tmp_path: Path) -> Path:
    return make_report_pdf(tmp_path / "report.pdf")
