"""Admin logins: throttling per client and overall, locks that end, sessions
that lapse when idle (a fake clock; ``test_page_admin.py`` does the same
against the running page)."""

from __future__ import annotations

import os
import time

import pytest

from assistant.settings import Settings
from ui import admin
from ui.admin import AdminGate, AdminRequired, Limits, LoginRefused


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def gate(tmp_path, clock) -> AdminGate:
    return AdminGate(
        Settings(data_dir=tmp_path, admin_password="pw", admin_idle_minutes=30), clock=clock
    )


def fail(gate: AdminGate, client: str = "a") -> str:
    with pytest.raises(LoginRefused) as err:
        gate.login(client, "wrong")
    return str(err.value)


def test_delays_grow_then_a_lock_ends_after_its_time(gate, clock) -> None:
    assert fail(gate) == "密码不正确（1 秒后可再试）。"
    for wait in (1, 2, 4):
        with pytest.raises(LoginRefused, match="秒后再试"):
            gate.login("a", "pw")  # too soon, right password or not
        clock.now += wait
        assert fail(gate) == f"密码不正确（{wait * 2} 秒后可再试）。"
    clock.now += 8
    assert "登录已暂时锁定，请 15 分钟后再试" in fail(gate)
    clock.now += 14 * 60
    with pytest.raises(LoginRefused, match="锁定"):
        gate.login("a", "pw")
    clock.now += 60
    assert gate.login("a", "pw").last_used == clock.now


def test_a_success_resets_the_client_and_old_failures_are_forgotten(gate, clock) -> None:
    fail(gate)
    clock.now += 1
    gate.login("a", "pw")
    assert fail(gate) == "密码不正确（1 秒后可再试）。"  # the ramp starts again
    clock.now += admin.PER_CLIENT.window + 1
    assert fail(gate) == "密码不正确（1 秒后可再试）。"


def test_the_overall_bucket_slows_everyone_after_spread_out_guesses(gate, clock) -> None:
    for n in range(admin.OVERALL.free):
        fail(gate, f"10.0.0.{n}")
    with pytest.raises(LoginRefused, match="秒后再试"):
        gate.login("10.9.9.9", "pw")
    clock.now += 1
    assert gate.login("10.9.9.9", "pw")


def test_the_overall_bucket_locks_after_many_guesses(tmp_path, clock, caplog) -> None:
    small = Limits(free=2, lock_after=4, lock_seconds=60, window=600, max_delay=1)
    gate = AdminGate(Settings(data_dir=tmp_path, admin_password="pw"), overall=small, clock=clock)
    for n in range(4):
        fail(gate, f"c{n}")
        clock.now += 1
    assert "admin login locked for everyone" in caplog.text
    with pytest.raises(LoginRefused, match="锁定"):
        gate.login("new", "pw")


def test_remembered_clients_are_bounded(gate, monkeypatch) -> None:
    monkeypatch.setattr(admin, "MAX_CLIENTS", 50)
    for n in range(200):
        fail(gate, f"c{n}")
    assert len(gate._clients) == 50


def test_sessions_lapse_when_idle_and_activity_keeps_them(gate, clock) -> None:
    with pytest.raises(AdminRequired, match="需要管理员登录"):
        gate.require(None)
    session = gate.login("a", "pw")
    clock.now += 29 * 60
    gate.require(session)  # activity: the idle clock starts again
    clock.now += 29 * 60
    gate.require(session)
    clock.now += 31 * 60
    with pytest.raises(AdminRequired, match="30 分钟未操作而失效"):
        gate.require(session)
    assert gate.logout(session) == "已退出管理员登录。"


def test_no_password_means_no_admin(tmp_path, clock) -> None:
    gate = AdminGate(Settings(data_dir=tmp_path), clock=clock)
    with pytest.raises(AdminRequired, match="未设置管理员密码"):
        gate.login("a", "")
    with pytest.raises(AdminRequired, match="未设置管理员密码"):
        gate.require(admin.AdminSession(clock(), clock()))


# --- Gradio's upload cache --------------------------------------------------------------------


def test_sweep_removes_old_files_and_empty_folders_only(tmp_path) -> None:
    from ui.upload_cache import sweep

    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    old_dir.mkdir()
    new_dir.mkdir()
    (old_dir / "a.txt").write_text("a")
    (new_dir / "b.txt").write_text("b")
    past = time.time() - 7200
    for path in (old_dir / "a.txt", old_dir):
        os.utime(path, (past, past))
    assert sweep(tmp_path, 3600, files=False) == 0  # old_dir still holds a file
    assert sweep(tmp_path, 3600) == 1 and not (old_dir / "a.txt").exists()
    os.utime(old_dir, (past, past))
    assert sweep(tmp_path, 3600, files=False) == 1
    assert not old_dir.exists() and (new_dir / "b.txt").exists()
