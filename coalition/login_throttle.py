"""Failed sign-ins are counted per account and per network address; past the limit, sign-in pauses until the window
ends, even with the right password.

One window of `LOGIN_FAILURE_WINDOW_SECONDS` (15 minutes) at a time: at most `LOGIN_FAILURES_PER_ACCOUNT` (5) wrong
passwords per username and `LOGIN_FAILURES_PER_ADDRESS` (50) per client address. The counters live in the cache
(Redis in production, so every web process shares them). `ThrottledModelBackend` enforces the pause on every way in:
the login page, the admin, the API's token endpoint and the browsable API's login. The forms check first so that
they can say why. A successful sign-in clears its account's counter.

An attacker can keep a known username paused by failing on purpose. Password reset still works during a pause, and
the pause never outlasts its window.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

KEY_PREFIX = "login-failures"
log = logging.getLogger(__name__)
# A cache that cannot be reached must not lock everyone out: the throttle then lets sign-in through (and logs).
CACHE_ERRORS = (RedisError, OSError)


@dataclass(frozen=True)
class Limits:
    per_account: int
    per_address: int
    window: int


def limits() -> Limits:
    return Limits(
        per_account=int(getattr(settings, "LOGIN_FAILURES_PER_ACCOUNT", 5)),
        per_address=int(getattr(settings, "LOGIN_FAILURES_PER_ADDRESS", 50)),
        window=int(getattr(settings, "LOGIN_FAILURE_WINDOW_SECONDS", 900)),
    )


def client_address(request) -> str:
    """The address the request came from. Behind a reverse proxy every request comes from the proxy, so
    `LOGIN_CLIENT_ADDRESS_HEADER` (e.g. `HTTP_X_FORWARDED_FOR`) names the header it puts the client in; the last entry
    is the one our proxy appended (earlier ones are whatever the client sent, so they are ignored)."""
    meta = getattr(request, "META", None) or {}
    header = getattr(settings, "LOGIN_CLIENT_ADDRESS_HEADER", "")
    forwarded = meta.get(header, "") if header else ""
    if forwarded:
        return forwarded.rsplit(",", 1)[-1].strip()
    return meta.get("REMOTE_ADDR", "")


def _keys(username: str, address: str, window: int, now: float) -> dict[str, str]:
    """Cache keys of the current window. Usernames are hashed (no personal data in keys) and case-folded, so
    "Alice" and "alice" share one counter."""
    slot = int(now // window)
    keys = {}
    if username:
        digest = hashlib.sha256(username.casefold().encode()).hexdigest()[:32]
        keys["account"] = f"{KEY_PREFIX}:account:{digest}:{slot}"
    if address:
        keys["address"] = f"{KEY_PREFIX}:address:{address}:{slot}"
    return keys


def retry_after(username: str, address: str, *, now: float | None = None) -> int:
    """Seconds until sign-in may be tried again for this username from this address; 0 when it may now."""
    now = time.time() if now is None else now
    lim = limits()
    keys = _keys(username, address, lim.window, now)
    try:
        counts = cache.get_many(list(keys.values()))
    except CACHE_ERRORS as exc:
        log.warning("Sign-in throttle unavailable (cache error: %s); not limiting this attempt", exc)
        return 0
    over = (
        counts.get(keys.get("account"), 0) >= lim.per_account or counts.get(keys.get("address"), 0) >= lim.per_address
    )
    if not over:
        return 0
    return max(1, math.ceil((int(now // lim.window) + 1) * lim.window - now))


def record_failure(username: str, address: str, *, now: float | None = None) -> None:
    now = time.time() if now is None else now
    lim = limits()
    try:
        for key in _keys(username, address, lim.window, now).values():
            cache.add(key, 0, timeout=lim.window + 60)
            try:
                cache.incr(key)  # atomic on Redis, so concurrent guesses are all counted
            except ValueError:  # expired between add and incr: this failure starts the count again
                cache.set(key, 1, timeout=lim.window + 60)
    except CACHE_ERRORS as exc:
        log.warning("Sign-in throttle could not count a failure (cache error: %s)", exc)


def clear_account(username: str, *, now: float | None = None) -> None:
    """After a successful sign-in: the account's earlier mistakes no longer count (the address's still do)."""
    now = time.time() if now is None else now
    key = _keys(username, "", limits().window, now).get("account")
    if key:
        try:
            cache.delete(key)
        except CACHE_ERRORS as exc:
            log.warning("Sign-in throttle could not clear a count (cache error: %s)", exc)


def paused_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return (
        "Too many failed sign-in attempts. Sign-in for this account is paused for "
        f"{minutes} minute{'s' if minutes != 1 else ''}; you can reset your password meanwhile."
    )
