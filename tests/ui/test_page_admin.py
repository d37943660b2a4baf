"""The admin login and the upload route of the running page, as an attacker
meets them: real HTTP (``gradio_client``, raw requests) and Chromium
(issue 12, parts 3 and 5). Each test serves its own page over an empty
index, so throttling state never leaks between tests."""

from __future__ import annotations

import contextlib
import http.client
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import Settings
from tests.ui.pagekit import PASSWORD, chromium, free_port, login, open_page, running_page, upload

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub.constants

    # gradio_client's headers would ask huggingface.co for an agent registry.
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)


@contextlib.contextmanager
def empty_page(tmp_path: Path, **overrides: object) -> Iterator[dict]:
    settings = Settings(
        data_dir=tmp_path / "data", port=free_port(), admin_password=PASSWORD, **overrides
    )
    with running_page(settings) as page:
        yield page


def client(url: str, address: str):  # type: ignore[no-untyped-def]
    """A gradio_client session that claims to come from ``address`` (the page
    trusts X-Forwarded-For from 127.0.0.1, as behind a local reverse proxy)."""
    from gradio_client import Client

    return Client(url, verbose=False, analytics_enabled=False, headers={"X-Forwarded-For": address})


def try_login(session, password: str) -> str:  # type: ignore[no-untyped-def]
    status, _password_box = session.predict(password, api_name="/login")
    return status.strip("*")


def test_wrong_passwords_slow_one_client_down_then_lock_it(tmp_path, caplog) -> None:
    caplog.set_level(logging.INFO, logger="ui.admin")
    with empty_page(tmp_path) as page:
        guesser = client(page["url"], "203.0.113.7")
        assert try_login(guesser, "guess-1") == "密码不正确（1 秒后可再试）。"
        # Too soon: refused without even looking at the (right) password.
        assert "秒后再试" in try_login(guesser, PASSWORD)
        for n, wait in ((2, 1), (3, 2), (4, 4)):
            time.sleep(wait + 0.2)
            assert try_login(guesser, f"guess-{n}") == f"密码不正确（{wait * 2} 秒后可再试）。"
        time.sleep(8.2)
        assert "登录已暂时锁定，请 15 分钟后再试" in try_login(guesser, "guess-5")
        assert "登录已暂时锁定" in try_login(guesser, PASSWORD)
        # Another address is not locked out by this one.
        other = client(page["url"], "198.51.100.20")
        assert try_login(other, PASSWORD).startswith("已登录为管理员")
    failures = [r for r in caplog.records if "admin login failed from 203.0.113.7" in r.message]
    locks = [r for r in caplog.records if "admin login locked for 203.0.113.7" in r.message]
    assert len(failures) == 5 and len(locks) == 1
    assert all(r.levelno == logging.WARNING for r in failures + locks)


def test_guesses_from_many_addresses_meet_the_overall_limit(tmp_path, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="ui.admin")
    with empty_page(tmp_path) as page:
        # Clients first: connecting takes long enough on a busy machine for
        # the 1 s wait to pass between the last guess and the admin's try.
        admin = client(page["url"], "192.0.2.200")
        guessers = [client(page["url"], f"192.0.2.{n}") for n in range(10)]
        for guesser in guessers:  # one guess each from ten addresses (or a forged header)
            assert "密码不正确" in try_login(guesser, "guess")
        assert "秒后再试" in try_login(admin, PASSWORD)  # everyone waits now
        time.sleep(1.2)
        assert try_login(admin, PASSWORD).startswith("已登录为管理员")
    assert len([r for r in caplog.records if "admin login failed" in r.message]) == 10


def test_logout_and_idle_expiry_end_the_admin_session(tmp_path) -> None:
    from playwright.sync_api import expect

    doc = tmp_path / "办法.txt"
    doc.write_text("测试办法（虚构）\n\n第一条 补贴100元。\n", encoding="utf-8")
    with empty_page(tmp_path, admin_idle_minutes=0.05) as served, chromium() as browser:
        page = open_page(browser, served["url"])
        login(page)
        page.locator("#pqa-logout").click()
        expect(page.locator("#pqa-login-status")).to_contain_text("已退出管理员登录")
        upload(page, doc)
        expect(page.locator("#pqa-library-status")).to_contain_text("修改文档库需要管理员登录")

        login(page)
        page.wait_for_timeout(3500)  # longer than admin_idle_minutes=0.05 (3 s)
        page.locator("#pqa-upload").click()
        expect(page.locator("#pqa-library-status")).to_contain_text("未操作而失效，请重新登录")
        assert not served["store"].documents()
        page.context.close()


# --- the upload route ------------------------------------------------------------------------


def post_upload(url: str, body: bytes, *, chunked: bool = False) -> tuple[int, str]:
    """POST one file to /gradio_api/upload as a browser (or a script) would."""
    host, port = url.split("//")[1].strip("/").split(":")
    boundary = "pqa-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="x.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    payload = head + body + f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    if chunked:
        conn.request("POST", "/gradio_api/upload", body=iter([payload]), headers=headers,
                     encode_chunked=True)  # fmt: skip
    else:
        conn.request("POST", "/gradio_api/upload", body=payload, headers=headers)
    response = conn.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


def test_anonymous_uploads_are_bounded(tmp_path, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="ui.upload_cache")
    # upload_max_mb=0.1: the cache may hold 1 MB; each post adds 0.09 MB.
    with empty_page(tmp_path, upload_max_mb=0.1) as page:
        statuses = [
            post_upload(page["url"], bytes([n]) * 90_000)[0] for n in range(14)
        ]  # distinct contents: Gradio keeps one file per content hash
        assert statuses[:10] == [200] * 10, statuses
        assert statuses[-1] == 413, statuses
        status, text = post_upload(page["url"], b"x" * 90_000)
        assert status == 413 and text == "上传缓存已满，请稍后再试。"
        assert post_upload(page["url"], b"y" * 10, chunked=True)[0] == 411
        too_big = post_upload(page["url"], b"z" * 200_000)[0]
        assert too_big == 413
    assert any("upload cache is full" in r.message for r in caplog.records)


def test_the_page_removes_its_copy_of_an_uploaded_file(tmp_path) -> None:
    from gradio.utils import get_upload_folder
    from gradio_client import handle_file

    src = tmp_path / "缓存测试办法.txt"
    src.write_text("缓存测试办法（虚构）\n\n第一条 补贴321元。\n", encoding="utf-8")
    started = time.time()
    with empty_page(tmp_path) as page:
        admin = client(page["url"], "127.0.0.1")
        assert try_login(admin, PASSWORD).startswith("已登录为管理员")
        _rows, summary, *_ = admin.predict([handle_file(str(src))], api_name="/upload")
        assert summary == "处理完成：新增 1", summary
    cached = [
        p for p in Path(get_upload_folder()).rglob(src.name) if p.stat().st_mtime >= started - 1
    ]
    assert cached == []
