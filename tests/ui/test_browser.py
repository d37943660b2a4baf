"""The page in a real browser (Debian chromium driven by Playwright).

The app runs in this process on a free port over a temporary index holding
the bundled seed report. Screenshots of the main states are saved to
``test-artifacts/screenshots/`` (gitignored).
"""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from assistant.settings import Settings
from assistant.store.store import Store
from tests.conftest import CORPUS_DIR, REPO

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "test-artifacts" / "screenshots"
PASSWORD = "test-admin-pw"
ANSWER_TIMEOUT = 90_000  # ms; the first question also loads jieba and the embedder
FAKE_TITLE = "测试市竹编产业扶持办法（虚构）"
FAKE_FIGURE = "4297"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, embed_cache) -> Iterator[dict]:
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium")
    from ingest.pipeline import Indexer
    from ui.app import launch

    data = tmp_path_factory.mktemp("browser") / "data"
    settings = Settings(
        data_dir=data,
        port=_free_port(),
        admin_password=PASSWORD,
        corpus_dir=CORPUS_DIR,
        embed_cache=embed_cache,
    )
    store = Store(settings)
    summary = Indexer(settings, store).ingest([CORPUS_DIR])
    assert not summary.failed
    demo = launch(settings, block=False, store=store)
    SHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SHOTS}")
    yield {"url": f"http://127.0.0.1:{settings.port}/", "store": store, "settings": settings}
    demo.close()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_default_timeout(30_000)
    page.goto(server["url"], wait_until="load")
    page.locator("#pqa-question textarea").wait_for()
    page.requests = requests  # type: ignore[attr-defined]
    yield page
    context.close()


def ask(page, question: str, expect_text: str) -> None:
    from playwright.sync_api import expect

    before = page.locator("#pqa-chat .message-row").count()
    box = page.locator("#pqa-question textarea")
    box.fill(question)
    box.press("Enter")
    expect(page.locator("#pqa-chat .message-row")).to_have_count(before + 2, timeout=ANSWER_TIMEOUT)
    expect(page.locator("#pqa-chat .message-row").last).to_contain_text(
        expect_text, timeout=ANSWER_TIMEOUT
    )
    expect(page.locator("#pqa-sources label").first).to_be_visible(timeout=ANSWER_TIMEOUT)


def login(page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("tab", name="文档库").click()
    page.locator("#pqa-password input").fill(PASSWORD)
    page.locator("#pqa-login").click()
    expect(page.locator("#pqa-login-status")).to_contain_text("已登录为管理员")


def upload(page, path: Path) -> None:
    page.locator("#pqa-files input[type=file]").set_input_files(str(path))
    # The file list shows the name split into stem and suffix; its cell's label is whole.
    page.locator(f'#pqa-files td.filename[aria-label="{path.name}"]').wait_for()
    page.locator("#pqa-upload").click()


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
    page.get_by_role("tab", name="问答").click()
    ask(page, "竹编创新补助金的标准是多少？", FAKE_FIGURE)
    expect(page.locator("#pqa-sources")).to_contain_text("竹编")
    page.locator("#pqa-sources label").first.click()
    expect(page.locator("#pqa-passage")).to_contain_text("第1页")
    page.screenshot(path=str(SHOTS / "05-answer-cites-upload.png"), full_page=True)


def test_upload_without_admin_is_refused(page, server, tmp_path) -> None:
    from playwright.sync_api import expect

    before = len(server["store"].documents())
    page.get_by_role("tab", name="文档库").click()
    src = tmp_path / "未登录上传.txt"
    src.write_text("未登录上传的文件。第一条 补贴100元。", encoding="utf-8")
    upload(page, src)
    expect(page.get_by_text("修改文档库需要管理员登录").first).to_be_visible()
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
