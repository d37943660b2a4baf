"""Who may change the corpus from the page: the admin password, login
throttling, admin sessions that expire when idle, and logout.

The password is ``settings.admin_password`` (unset: corpus changes are off).
A login is throttled per client and overall (issue 12, part 3): after each
wrong password the next attempt must wait longer (1, 2, 4, 8 s …), and
``lock_after`` failures lock logins for ``lock_seconds``. Attempts made while
waiting are refused without looking at the password, so guessing costs time
whatever the attacker's speed; the overall bucket catches guesses spread over
many addresses (or a forged X-Forwarded-For). Every failure and every lock is
a WARNING log line naming the client. A login gives an ``AdminSession`` kept
in the browser session's server-side state; it lapses after
``settings.admin_idle_minutes`` without a corpus change, and 退出登录 ends it.
"""

from __future__ import annotations

import hmac
import logging
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.errors import AssistantError
from assistant.settings import Settings

__all__ = [
    "OVERALL",
    "PER_CLIENT",
    "AdminGate",
    "AdminRequired",
    "AdminSession",
    "Limits",
    "LoginRefused",
    "check_password",
    "require_admin",
    "uploads_enabled",
]

log = logging.getLogger(__name__)

DISABLED = "未设置管理员密码（POLICYQA_ADMIN_PASSWORD），文档上传和删除已停用。"
MAX_CLIENTS = 10_000  # remembered addresses; the oldest are forgotten first


class AdminRequired(AssistantError):
    """A corpus change was attempted without a valid admin login."""


class LoginRefused(AssistantError):
    """A login attempt that was wrong, or came too soon after wrong ones."""


def _admin_secret(settings: Settings) -> str:
    value = settings.admin_password
    if value is None:
        return ""
    # A SecretStr normally; a plain str when set through Settings.with_overrides
    # (model_copy does not validate).
    return value.get_secret_value() if hasattr(value, "get_secret_value") else str(value)


def uploads_enabled(settings: Settings) -> bool:
    return bool(_admin_secret(settings))


def check_password(settings: Settings, password: str) -> bool:
    """Constant-time comparison; always False when no password is set."""
    expected = _admin_secret(settings)
    if not expected or not password:
        return False
    return hmac.compare_digest(password.encode("utf-8"), expected.encode("utf-8"))


def require_admin(settings: Settings, is_admin: bool) -> None:
    if not uploads_enabled(settings):
        raise AdminRequired(DISABLED)
    if not is_admin:
        raise AdminRequired("修改文档库需要管理员登录。")


# --- throttling ------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """How one bucket of failures slows logins down."""

    free: int  # failures before the first delay
    lock_after: int  # failures (within ``window``) that lock logins
    lock_seconds: float
    window: float  # failures older than this are forgotten
    max_delay: float

    def delay(self, failures: int) -> float:
        """Seconds the next attempt must wait after ``failures`` failures."""
        if failures < self.free:
            return 0.0
        return min(self.max_delay, 2.0 ** (failures - self.free))


# One client: 1, 2, 4, 8 s after the first four failures, then 15 min locked.
PER_CLIENT = Limits(free=1, lock_after=5, lock_seconds=15 * 60, window=60 * 60, max_delay=60)
# Everyone together: a slower ramp, so one guesser does not lock out the
# admin at once, but a spread-out attack still meets delays and a lock.
OVERALL = Limits(free=10, lock_after=50, lock_seconds=15 * 60, window=15 * 60, max_delay=30)


@dataclass
class _Bucket:
    failures: deque[float] = field(default_factory=deque)
    not_before: float = 0.0
    locked_until: float = 0.0

    def forget(self, now: float, window: float) -> None:
        while self.failures and now - self.failures[0] > window:
            self.failures.popleft()

    def wait(self, now: float) -> float:
        return max(0.0, self.not_before - now, self.locked_until - now)

    def locked(self, now: float) -> bool:
        return self.locked_until > now

    def fail(self, now: float, limits: Limits) -> tuple[int, bool]:
        """Count a failure: (recent failures, whether this one locks the bucket)."""
        self.forget(now, limits.window)
        self.failures.append(now)
        count = len(self.failures)
        self.not_before = now + limits.delay(count)
        if count >= limits.lock_after:
            self.locked_until = now + limits.lock_seconds
            self.failures.clear()  # after the lock, the ramp starts again
            return count, True
        return count, False


@dataclass
class AdminSession:
    """One browser session's admin login (kept in server-side ``gr.State``)."""

    started: float
    last_used: float


class AdminGate:
    """Logins (throttled), admin sessions (idle expiry) and logouts of one page."""

    def __init__(
        self,
        settings: Settings,
        *,
        per_client: Limits = PER_CLIENT,
        overall: Limits = OVERALL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.per_client = per_client
        self.overall = overall
        self.clock = clock
        self._lock = threading.Lock()
        self._clients: OrderedDict[str, _Bucket] = OrderedDict()
        self._all = _Bucket()

    @property
    def idle_seconds(self) -> float:
        return self.settings.admin_idle_minutes * 60

    def login(self, client: str, password: str) -> AdminSession:
        """An admin session, or ``LoginRefused`` with a one-line reason."""
        if not uploads_enabled(self.settings):
            raise AdminRequired(DISABLED)
        with self._lock:
            now = self.clock()
            bucket = self._bucket(client)
            wait, locked = self._waiting(bucket, now)
            if wait > 0:
                log.info("admin login from %s refused: must wait %.0f s", client, wait)
                raise LoginRefused(_wait_message(wait, locked))
            if check_password(self.settings, password or ""):
                self._clients.pop(client, None)
                log.info("admin login from %s", client)
                return AdminSession(started=now, last_used=now)
            self._failed(client, bucket, now)
            wait, locked = self._waiting(bucket, now)
        if locked:
            raise LoginRefused("密码不正确。" + _wait_message(wait, locked))
        raise LoginRefused(
            f"密码不正确（{math.ceil(wait)} 秒后可再试）。" if wait else "密码不正确。"
        )

    def _waiting(self, bucket: _Bucket, now: float) -> tuple[float, bool]:
        """(seconds before the next attempt, whether a lock is the reason)."""
        wait = max(bucket.wait(now), self._all.wait(now))
        return wait, bucket.locked(now) or self._all.locked(now)

    def _failed(self, client: str, bucket: _Bucket, now: float) -> None:
        mine, locked = bucket.fail(now, self.per_client)
        everyone, locked_all = self._all.fail(now, self.overall)
        log.warning(
            "admin login failed from %s (%d recent failures from it, %d overall)",
            client,
            mine,
            everyone,
        )
        if locked:
            log.warning(
                "admin login locked for %s for %.0f min after %d failures",
                client,
                self.per_client.lock_seconds / 60,
                mine,
            )
        if locked_all:
            log.warning(
                "admin login locked for everyone for %.0f min after %d failures in %.0f min",
                self.overall.lock_seconds / 60,
                everyone,
                self.overall.window / 60,
            )

    def _bucket(self, client: str) -> _Bucket:
        bucket = self._clients.pop(client, None) or _Bucket()
        self._clients[client] = bucket  # most recent last
        while len(self._clients) > MAX_CLIENTS:
            self._clients.popitem(last=False)
        return bucket

    def require(self, session: AdminSession | None) -> None:
        """Allow a corpus change for ``session`` (and count it as activity)."""
        if not uploads_enabled(self.settings):
            raise AdminRequired(DISABLED)
        if session is None:
            raise AdminRequired("修改文档库需要管理员登录。")
        now = self.clock()
        if now - session.last_used > self.idle_seconds:
            raise AdminRequired(
                f"管理员登录已因 {self.settings.admin_idle_minutes:g} 分钟未操作而失效，请重新登录。"
            )
        session.last_used = now

    def logout(self, session: AdminSession | None) -> str:
        if session is not None:
            log.info("admin logout")
        return "已退出管理员登录。"


def _wait_message(seconds: float, locked: bool) -> str:
    if locked:
        # Rounded, not ceiled: the lock is read a moment after it is set.
        return f"登录已暂时锁定，请 {max(1, round(seconds / 60))} 分钟后再试。"
    return f"尝试过于频繁，请 {math.ceil(seconds)} 秒后再试。"
