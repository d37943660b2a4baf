"""The page in a real browser (Debian chromium driven by Playwright).

The app runs in this process on a free port over a temporary index holding
the bundled seed report and two regulations (for follow-up questions).
Screenshots of the main states are saved to ``test-artifacts/screenshots/``
(gitignored).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from assistant.settings import Settings
from assistant.store import Store
from tests.conftest import CORPUS_DIR, REPO, copy_laws
from tests.ui.pagekit import (
    ANSWER_TIMEOUT,
    PASSWORD,
    Beacon,
    ask,
    chromium,
    free_port,
    login,
    need_chromium,
    open_page,
    running_page,
    upload,
)

pytestmark = pytest.mark.browser

SHOTS = REPO / "test-artifacts" / "screenshots"
FAKE_TITLE = "测试市竹编产业扶持办法（虚构）"
FAKE_FIGURE = "4297"
LAWS = ("公平竞争审查条例(2024-06-06).md", "政府采购法实施条例(2015-01-30).md")


@pytest.fixture(scope="module")
def server(tmp_path_factory, embed_cache) -> Iterator[dict]:
    need_chromium()
    from ingest.pipeline import Indexer

    root = tmp_path_factory.mktemp("browser")
    settings = Settings(
        data_dir=root / "data",
        port=free_port(),
        admin_password=PASSWORD,
        corpus_dir=CORPUS_DIR,
        embed_cache=embed_cache,
    )
    store = Store(settings)
    summary = Indexer(settings, store).ingest([CORPUS_DIR, copy_laws(root / "laws", LAWS)])
    assert not summary.failed
    SHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SHOTS}")
    with running_page(settings, store) as page_server:
        yield page_server


@pytest.fixture(scope="module")
def browser(server):
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, server):
    page = open_page(browser, server["url"])
    yield page
    page.context.close()


def fake_policy_pdf(folder: Path) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, invariant=1)
    pdf.setTitle(FAKE_TITLE)  # reportlab's default /Title is "untitled"
    lines = [
        FAKE_TITLE,
        "测试市人民政府（虚构，仅用于自动化测试）",
        "第一条 为支持竹编产业发展，制定本办法。",
        f"第二条 竹编企业可申请竹编创新补助金，标准为每家企业{FAKE_FIGURE}元。",
        "第三条 本办法自发布之日起施行。",
    ]
    y = 780
    for i, line in enumerate(lines):
        pdf.setFont("STSong-Light", 16 if i == 0 else 12)
        pdf.drawString(60, y, line)
        y -= 30
    pdf.save()
    path = folder / "竹编扶持办法.pdf"
    path.write_bytes(buf.getvalue())
    return path


# --- tests ------------------------------------------------------------------------------


def test_ask_about_the_seed_report_and_open_its_source(page) -> None:
    from playwright.sync_api import expect

    page.screenshot(path=str(SHOTS / "01-empty.png"), full_page=True)
    ask(page, "广西2023年R&D经费投入强度是多少？", "0.84%")
    bot = page.locator("#pqa-chat .message-row").last
    expect(bot).to_contain_text("来源")
    # A screen reader hears the shown answer, not its markdown (**来源**, \[1\]).
    label = bot.locator("[aria-label][data-testid]").first
    expect(label).to_have_attribute("aria-label", re.compile(r"0\.84%[\s\S]*来源"))
    expect(label).not_to_have_attribute("aria-label", re.compile(r"\*\*|\\\["))
    page.locator("#pqa-sources label").first.click()
    mark = page.locator("#pqa-passage mark").first
    expect(mark).to_be_visible()
    expect(mark).to_contain_text("0.84%")
    expect(page.locator("#pqa-passage")).to_contain_text("效力状态")
    page.screenshot(path=str(SHOTS / "02-answer-with-source.png"), full_page=True)
    outside = [u for u in page.requests if urlparse(u).hostname not in ("127.0.0.1", "localhost")]
    assert not [u for u in outside if not u.startswith(("data:", "blob:"))], outside


def test_follow_up_uses_the_conversation(page) -> None:
    ask(page, "广西2023年R&D经费投入强度是多少？", "0.84%")
    ask(page, "排第几？", "28")
    page.screenshot(path=str(SHOTS / "03-follow-up.png"), full_page=True)


def test_admin_uploads_a_pdf_and_the_answer_cites_it(page, tmp_path) -> None:
    from playwright.sync_api import expect

    login(page)
    upload(page, fake_policy_pdf(tmp_path))
    expect(page.locator("#pqa-results")).to_contain_text("新增", timeout=ANSWER_TIMEOUT)
    expect(page.locator("#pqa-library")).to_contain_text("竹编", timeout=ANSWER_TIMEOUT)
    page.screenshot(path=str(SHOTS / "04-library-after-upload.png"), full_page=True)
    page.get_by_role("tab", name="问答").first.click()
    ask(page, "竹编创新补助金的标准是多少？", FAKE_FIGURE)
    expect(page.locator("#pqa-sources")).to_contain_text("竹编")
    page.locator("#pqa-sources label").first.click()
    expect(page.locator("#pqa-passage")).to_contain_text("第1页")
    page.screenshot(path=str(SHOTS / "05-answer-cites-upload.png"), full_page=True)


def test_upload_without_admin_is_refused(page, server, tmp_path) -> None:
    from playwright.sync_api import expect

    before = len(server["store"].documents())
    page.get_by_role("tab", name="文档库").first.click()
    src = tmp_path / "未登录上传.txt"
    src.write_text("未登录上传的文件。第一条 补贴100元。", encoding="utf-8")
    upload(page, src)
    expect(page.get_by_text("修改文档库需要管理员登录").first).to_be_visible()
    # Said once, beside the button: no toast repeating it.
    expect(page.get_by_text("修改文档库需要管理员登录")).to_have_count(1)
    # The refused file is not kept to go in with the next upload, after login.
    expect(page.locator("#pqa-files td.filename")).to_have_count(0)
    page.screenshot(path=str(SHOTS / "06-upload-refused.png"), full_page=True)
    assert len(server["store"].documents()) == before
    assert not (server["settings"].uploads_dir / src.name).exists()


def test_corrupt_file_shows_its_error_and_library_is_unchanged(page, server, tmp_path) -> None:
    from playwright.sync_api import expect

    before = [d.doc_id for d in server["store"].documents()]
    login(page)
    rows_before = page.locator("#pqa-library tbody tr").count()
    bad = tmp_path / "损坏文件.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj garbage\n%%EOF")
    upload(page, bad)
    results = page.locator("#pqa-results")
    expect(results).to_contain_text("失败", timeout=ANSWER_TIMEOUT)
    expect(results).to_contain_text("损坏文件.pdf")
    page.screenshot(path=str(SHOTS / "07-corrupt-file.png"), full_page=True)
    assert [d.doc_id for d in server["store"].documents()] == before
    assert page.locator("#pqa-library tbody tr").count() == rows_before
    assert not (server["settings"].uploads_dir / bad.name).exists()


def test_feedback_export_and_clear(page, server) -> None:
    import json

    from playwright.sync_api import expect

    ask(page, "广西2023年R&D经费投入强度是多少？", "0.84%")
    page.locator("#pqa-comment textarea").fill("数字准确")
    page.locator("#pqa-useful").click()
    expect(page.get_by_text("已记录").first).to_be_visible()
    records = [
        json.loads(line)
        for line in server["settings"].feedback_path.read_text("utf-8").splitlines()
    ]
    last = records[-1]
    assert last["useful"] is True and last["comment"] == "数字准确"
    assert "0.84%" in last["answer"] and last["sources"]

    page.locator("#pqa-export").click()
    link = page.locator("#pqa-export-file a").first
    expect(link).to_be_visible()
    exported = page.request.get(link.get_attribute("href")).text()
    assert exported.startswith("# 问：广西2023年R&D经费投入强度是多少？")
    assert "0.84%" in exported and "## 来源" in exported
    page.screenshot(path=str(SHOTS / "08-feedback-and-export.png"), full_page=True)

    page.locator("#pqa-clear").click()
    expect(page.locator("#pqa-chat .message-row")).to_have_count(0)


def test_document_filter_limits_the_answer_to_the_chosen_documents(page, server, tmp_path) -> None:
    from playwright.sync_api import expect

    from ingest.pipeline import Indexer

    other = tmp_path / "过滤测试办法.txt"
    other.write_text(
        "过滤测试办法（虚构）\n\n第一条 过滤测试企业可申请蓝莓种植补助，每亩补助3817元。\n",
        encoding="utf-8",
    )
    assert not Indexer(server["settings"], server["store"]).ingest([other]).failed
    page.reload(wait_until="load")  # filter menus are filled when the page loads
    page.locator("#pqa-question textarea").wait_for()
    ask(page, "蓝莓种植补助每亩多少元？", "3817")

    page.get_by_text("筛选范围").click()
    choose = page.get_by_label("限定文档")
    choose.click()
    page.get_by_role("option", name="科技赋能广西产业链聚链集群发展的对策研究").first.click()
    page.keyboard.press("Escape")
    box = page.locator("#pqa-question textarea")
    before = page.locator("#pqa-chat .message-row").count()
    box.fill("蓝莓种植补助每亩多少元？")
    box.press("Enter")
    rows = page.locator("#pqa-chat .message-row")
    expect(rows).to_have_count(before + 2, timeout=ANSWER_TIMEOUT)
    expect(rows.last).to_contain_text("资料库中没有找到", timeout=ANSWER_TIMEOUT)
    assert "3817" not in rows.last.inner_text()
    page.screenshot(path=str(SHOTS / "09-document-filter.png"), full_page=True)


# --- issue 12 ------------------------------------------------------------------------------


def test_follow_ups_with_ellipsis_and_pronoun_follow_the_conversation(page) -> None:
    """Gradio 6 hands earlier turns over as lists of parts; they must all reach
    the rewriting of "那…呢？" and "它…"."""
    ask(page, "公平竞争审查条例自什么时候起施行？", "2024年8月1日")
    ask(page, "那政府采购法实施条例呢？", "2015年3月1日")
    reply = page.locator("#pqa-chat .message-row").last.inner_text()
    assert "政府采购法实施条例" in reply and "2024年8月1日" not in reply
    # Alone, "它第二条…" is answered from 公平竞争审查条例; here 它 is the regulation just named.
    ask(page, "它第二条怎么规定的？", "财政性资金")
    reply = page.locator("#pqa-chat .message-row").last.inner_text()
    assert "《中华人民共和国政府采购法实施条例》第二条" in reply
    page.screenshot(path=str(SHOTS / "10-follow-ups.png"), full_page=True)


def hostile_policy(folder: Path, port: int) -> tuple[Path, str, str]:
    """A document whose sentences carry HTML and Markdown: (file, quote 1, quote 2)."""
    base = f"http://127.0.0.1:{port}"
    first = (
        f'第一条 引进的高层次人才，安家补贴为每人九万九千元<img src="{base}/beacon.png">，'
        f"申报请登录[官方申报入口]({base}/phish)。"
    )
    second = (
        "第二条 安家补贴资金<style>body{display:none}</style>由测试市财政局在 *三十* 个工作日内"
        f"拨付，详见 {base}/guide 与 $$x$$。"
    )
    text = (
        f'# 测试市人才安家补贴办法（虚构）<img src="{base}/title.png">\n\n'
        f"{first}\n\n{second}\n\n"
        f'第三条 本办法依据《测试上位法<img src="{base}/ref.png">》制定。\n'
    )
    path = folder / "人才安家补贴办法.md"
    path.write_text(text, encoding="utf-8")
    return path, first.split(" ", 1)[1], second.split(" ", 1)[1]


def test_document_text_is_shown_as_text_never_as_markup(page, server, tmp_path) -> None:
    from playwright.sync_api import expect

    from ingest.pipeline import Indexer

    beacon = Beacon()
    try:
        path, first, second = hostile_policy(tmp_path, beacon.port)
        assert not Indexer(server["settings"], server["store"]).ingest([path]).failed
        ask(page, "引进的高层次人才安家补贴每人多少？", "九万九千元")
        bubble = page.locator("#pqa-chat .message-row").last
        expect(bubble).to_contain_text(first)  # exactly as the source, tags and all
        ask(page, "安家补贴资金由哪个部门拨付？", "财政局")
        bubble = page.locator("#pqa-chat .message-row").last
        expect(bubble).to_contain_text(second)
        chat = page.locator("#pqa-chat")
        assert chat.locator(f'a[href*="{beacon.port}"]').count() == 0
        assert chat.locator(f'img[src*="{beacon.port}"]').count() == 0
        assert chat.locator(".katex").count() == 0  # $$x$$ stays text, no formula
        assert chat.locator("style", has_text="display:none").count() == 0
        page.locator("#pqa-sources label").first.click()
        expect(page.locator("#pqa-passage")).to_contain_text("<style>")

        page.locator("#pqa-export").click()
        link = page.locator("#pqa-export-file a").first
        expect(link).to_be_visible()
        exported = page.request.get(link.get_attribute("href")).text()
        _assert_renders_as_text(exported, [second], beacon.port)

        page.get_by_role("tab", name="文档库").first.click()
        page.get_by_role("button", name="刷新列表").click()
        expect(page.locator("#pqa-library")).to_contain_text("人才安家补贴办法")
        page.get_by_role("tab", name="引用文件").first.click()
        expect(page.locator("#pqa-refs")).to_contain_text("测试上位法<img")
        page.screenshot(path=str(SHOTS / "11-document-text-as-text.png"), full_page=True)
        page.wait_for_timeout(1000)  # a late fetch would show up now
        assert beacon.hits == []
        assert not [u for u in page.requests if str(beacon.port) in u]
    finally:
        beacon.close()


def _assert_renders_as_text(markdown: str, quotes: list[str], port: int) -> None:
    """``markdown`` rendered by a CommonMark renderer with link detection holds no
    tag, image or link from the document, and shows each quote exactly."""
    import html as html_lib
    import re

    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"linkify": False}).enable("table").render(markdown)
    assert "<img" not in rendered and "<a " not in rendered and "<style" not in rendered
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", rendered))
    for quote in quotes:
        assert quote in text
    assert "http://" not in markdown and f"{port}/" in text


def test_a_refused_file_is_explained_in_chinese(page, tmp_path) -> None:
    import re

    from playwright.sync_api import expect

    login(page)
    fake = tmp_path / "伪装的报告.pdf"
    fake.write_text("<!DOCTYPE html><html><body><p>不是PDF</p></body></html>", encoding="utf-8")
    upload(page, fake)
    results = page.locator("#pqa-results")
    expect(results).to_contain_text("失败", timeout=ANSWER_TIMEOUT)
    expect(results).to_contain_text("内容是网页（HTML），不是PDF")
    shown = results.inner_text()
    words = set(re.findall(r"[A-Za-z]{3,}", shown.replace(fake.name, ""))) - {"HTML", "PDF"}
    assert not words, shown


def test_the_calculator_tab_answers_its_example_firm_and_opens_the_detail(page) -> None:
    import re

    from playwright.sync_api import expect

    tabs = [t.inner_text() for t in page.get_by_role("tab").all()]
    assert tabs == ["问答", "文档库", "政策计算器", "引用文件"], tabs  # each tab under its own name
    page.get_by_role("tab", name="政策计算器").first.click()
    page.get_by_role("button", name="计算").click()
    result = page.locator("#pqa-match textarea")
    expect(result).to_have_value(
        re.compile(r"== 可以适用[\s\S]*第二十八条"), timeout=ANSWER_TIMEOUT
    )
    assert "估算" in result.input_value()  # 20% against 第四条's 25% at the firm's income
    page.get_by_text("完整结果（每一条款及其全部判断）").click()
    expect(page.locator("#pqa-match-detail")).to_contain_text("第二十八条")
    page.screenshot(path=str(SHOTS / "12-calculator.png"), full_page=True)
    # An impossible figure is one line in the result box; nothing is computed from it.
    page.locator("#pqa-employees input").fill("-5")
    page.get_by_role("button", name="计算").click()
    expect(result).not_to_have_value(re.compile("可以适用"), timeout=ANSWER_TIMEOUT)


def test_a_question_too_long_is_said_so_and_kept_in_the_box(page) -> None:
    from playwright.sync_api import expect

    # the browser does not cut a long paste: the page says it is too long and
    # nothing typed is lost
    question = "我们是一家木材加工企业，" * 100 + "研发费用能否加计扣除？"
    box = page.locator("#pqa-question textarea")
    box.fill(question)
    box.press("Enter")
    expect(page.locator("body")).to_contain_text("问题太长", timeout=ANSWER_TIMEOUT)
    assert box.input_value() == question
    assert page.locator("#pqa-chat .message-row").count() == 0
