"""Sign-in attempts are counted per account and per client address; past the limit, sign-in pauses until the window
ends, even with the right password.

One fixed window of `LOGIN_FAILURE_WINDOW_SECONDS` (15 minutes) at a time: at most `LOGIN_FAILURES_PER_ACCOUNT` (5)
wrong passwords per username and `LOGIN_FAILURES_PER_ADDRESS` (50) per client address. The counters live in the cache
(Redis in production, so every web process shares them).

An attempt is counted BEFORE its password is checked (`attempt_begin`, an atomic increment), and refused when that
count is over the limit, so guesses sent in parallel cannot all slip through on a stale count. A successful sign-in
takes its attempt back (`attempt_succeeded`): the account's count is cleared and the address's decremented, so an
office behind one address is not paused by its own colleagues' sign-ins. `ThrottledModelBackend` does both on every
way in (login page, admin, API token, browsable API); the password-change form counts the current-password check the
same way. The forms call `retry_after` first so that they can say why they refuse.

An attacker who knows a username can pause it again in every window by failing on purpose; the pause never outlasts
its window, and password reset keeps working. If the cache cannot be reached, sign-in is not limited (a warning is
logged): an outage must not lock everyone out.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import logging
import math
import time
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

KEY_PREFIX = "login-failures"
CACHE_ERRORS = (RedisError, OSError)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    per_account: int
    per_address: int
    window: int


def limits() -> Limits:
    return Limits(
        per_account=max(1, int(getattr(settings, "LOGIN_FAILURES_PER_ACCOUNT", 5))),
        per_address=max(1, int(getattr(settings, "LOGIN_FAILURES_PER_ADDRESS", 50))),
        window=max(1, int(getattr(settings, "LOGIN_FAILURE_WINDOW_SECONDS", 900))),
    )


def _address_key(value: str) -> str:
    """An IP address as counted: IPv4 as is, IPv6 by its /64 (one host usually holds a whole /64); "" if not an IP."""
    try:
        ip = ipaddress.ip_address(value.strip())
    except ValueError:
        return ""
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def client_address(request) -> str:
    """The address the request came from. Behind a reverse proxy every request comes from the proxy, so
    `LOGIN_CLIENT_ADDRESS_HEADER` (e.g. `HTTP_X_FORWARDED_FOR`) names the header it puts the client in; the last entry
    is the one our proxy appended (earlier ones are whatever the client sent, so they are ignored). Anything that is
    not an IP address falls back to the connection's own address."""
    meta = getattr(request, "META", None) or {}
    header = getattr(settings, "LOGIN_CLIENT_ADDRESS_HEADER", "")
    forwarded = meta.get(header, "") if header else ""
    if forwarded and (address := _address_key(forwarded.rsplit(",", 1)[-1])):
        return address
    return _address_key(meta.get("REMOTE_ADDR", ""))


def normalize_username(username) -> str:
    """As the sign-in forms see it (NFKC, trimmed), case-folded so "Ana" and "ana" share one counter."""
    if not isinstance(username, str):
        return ""
    return unicodedata.normalize("NFKC", username).strip().casefold()


def _keys(username, address: str, window: int, now: float) -> dict[str, str]:
    """Cache keys of the current window. Usernames are hashed: no personal data in cache keys."""
    slot = int(now // window)
    keys = {}
    if name := normalize_username(username):
        keys["account"] = f"{KEY_PREFIX}:account:{hashlib.sha256(name.encode()).hexdigest()[:32]}:{slot}"
    if address:
        keys["address"] = f"{KEY_PREFIX}:address:{address}:{slot}"
    return keys


def _seconds_left(window: int, now: float) -> int:
    return max(1, math.ceil((int(now // window) + 1) * window - now))


def retry_after(username, address: str, *, now: float | None = None) -> int:
    """Seconds until sign-in may be tried again for this username from this address; 0 when it may now."""
    now = time.time() if now is None else now
    lim = limits()
    keys = _keys(username, address, lim.window, now)
    try:
        counts = cache.get_many(list(keys.values()))
    except CACHE_ERRORS as exc:
        log.warning("Sign-in throttle unavailable (cache error: %s); not limiting this attempt", exc)
        return 0
    paused = counts.get(keys.get("account"), 0) >= lim.per_account or (
        counts.get(keys.get("address"), 0) >= lim.per_address
    )
    return _seconds_left(lim.window, now) if paused else 0


def _increment(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)  # atomic on Redis: parallel attempts each get their own count
    except ValueError:  # expired between add and incr: this attempt starts the count again
        cache.set(key, 1, timeout=timeout)
        return 1


def attempt_begin(username, address: str, *, now: float | None = None) -> int:
    """Count one sign-in attempt; returns the seconds to wait if it is over the limit (then refuse it), else 0."""
    now = time.time() if now is None else now
    lim = limits()
    keys = _keys(username, address, lim.window, now)
    try:
        counts = {kind: _increment(key, lim.window + 60) for kind, key in keys.items()}
    except CACHE_ERRORS as exc:
        log.warning("Sign-in throttle unavailable (cache error: %s); not limiting this attempt", exc)
        return 0
    if counts.get("account", 0) > lim.per_account or counts.get("address", 0) > lim.per_address:
        return _seconds_left(lim.window, now)
    return 0


def attempt_succeeded(username, address: str, *, now: float | None = None) -> None:
    """Take back a successful attempt: the account's earlier mistakes no longer count, and the address keeps only
    its failures."""
    now = time.time() if now is None else now
    keys = _keys(username, address, limits().window, now)
    try:
        if "account" in keys:
            cache.delete(keys["account"])
        if "address" in keys:
            with contextlib.suppress(ValueError):  # the window ended meanwhile: nothing to take back
                cache.decr(keys["address"])
    except CACHE_ERRORS as exc:
        log.warning("Sign-in throttle could not record a success (cache error: %s)", exc)


def paused_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return (
        f"Too many failed sign-in attempts. Sign-in is paused for {minutes} minute{'s' if minutes != 1 else ''}; "
        "you can reset your password meanwhile."
    )
