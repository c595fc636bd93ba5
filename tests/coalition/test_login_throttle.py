"""Repeated failed sign-ins pause sign-in for the account (and for the address), on every way in."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.test import override_settings

from coalition import login_throttle
from coalition.models import Role
from tests.factories import PASSWORD, OrganizationFactory, UserFactory, member

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 26, 10, 0, 30, tzinfo=dt.UTC)  # 30 s into a 15-minute window


@pytest.fixture
def ana():
    return member(OrganizationFactory(), Role.ATTORNEY, username="ana")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _login(client, username, password, address="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        response = _login(client, username, "wrong", address)
        assert response.status_code == 200 and "correct username and password" in response.text


def test_five_failures_pause_the_account_even_for_the_right_password(client, ana, clock):
    _fail(client, "ana", 5)

    response = _login(client, "ana", PASSWORD)

    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.text and "paused for 15 minutes" in response.text
    assert SESSION_KEY not in client.session


def test_four_failures_still_let_the_right_password_in_and_it_clears_the_count(client, ana, clock):
    _fail(client, "ana", 4)
    assert _login(client, "ana", PASSWORD).status_code == 302
    client.logout()

    _fail(client, "ana", 4)  # the earlier four no longer count: 4, not 8

    assert _login(client, "ana", PASSWORD).status_code == 302


def test_the_pause_ends_with_its_window(client, ana, clock):
    _fail(client, "ana", 5)
    clock.move_to(START + dt.timedelta(minutes=14))
    assert "paused for 1 minute;" in _login(client, "ana", PASSWORD).text

    clock.move_to(START + dt.timedelta(minutes=15))

    assert _login(client, "ana", PASSWORD).status_code == 302


def test_usernames_are_counted_case_insensitively(client, ana, clock):
    _fail(client, "ANA", 3)
    _fail(client, "Ana", 2)

    assert "Too many failed sign-in attempts" in _login(client, "ana", PASSWORD).text


def test_one_account_paused_leaves_the_others_alone(client, ana, clock):
    member(OrganizationFactory(), Role.STAFF, username="bo")
    _fail(client, "ana", 5)

    assert _login(client, "bo", PASSWORD).status_code == 302


@override_settings(LOGIN_FAILURES_PER_ADDRESS=6)
def test_guessing_many_accounts_from_one_address_pauses_that_address(client, ana, clock):
    _fail(client, "carla", 3)
    _fail(client, "dmitri", 3)

    assert "Too many failed sign-in attempts" in _login(client, "ana", PASSWORD).text
    assert _login(client, "ana", PASSWORD, address="10.0.0.2").status_code == 302


@override_settings(LOGIN_FAILURES_PER_ADDRESS=3, LOGIN_CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended(client, ana, clock):
    """Everyone arrives from the proxy's address; the client's is the last X-Forwarded-For entry (earlier entries
    are the client's own claims and are ignored)."""
    for spoof in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        client.post(
            "/accounts/login/",
            {"username": f"guess-{spoof}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"{spoof}, 203.0.113.7",
        )
    paused = client.post(
        "/accounts/login/",
        {"username": "ana", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert "Too many failed sign-in attempts" in paused.text

    other = client.post(
        "/accounts/login/",
        {"username": "ana", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert other.status_code == 302


def test_the_api_token_endpoint_answers_429_with_retry_after(client, ana, clock):
    for _ in range(5):
        response = client.post("/api/v1/auth/token/", {"username": "ana", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 400

    response = client.post("/api/v1/auth/token/", {"username": "ana", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")

    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60 - 30)
    assert "Too many failed sign-in attempts" in response.json()["detail"]
    assert "token" not in response.json()


def test_failures_on_the_api_count_for_the_login_page_too(client, ana, clock):
    for _ in range(5):
        client.post("/api/v1/auth/token/", {"username": "ana", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")

    assert "Too many failed sign-in attempts" in _login(client, "ana", PASSWORD).text


def test_the_admin_login_is_paused_too(client, clock):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "root", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")

    response = client.post(
        "/admin/login/?next=/admin/", {"username": "root", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )

    assert response.status_code == 200 and "Too many failed sign-in attempts" in response.text
    assert SESSION_KEY not in client.session


def test_the_backend_refuses_while_paused_whatever_the_form(rf, ana, clock):
    """The browsable API's login and any other caller of `authenticate` are held by the backend itself."""
    from django.contrib.auth import authenticate

    request = rf.post("/api-auth/login/", REMOTE_ADDR="10.0.0.1")
    for _ in range(5):
        assert authenticate(request, username="ana", password="wrong") is None

    assert authenticate(request, username="ana", password=PASSWORD) is None
    assert authenticate(rf.post("/", REMOTE_ADDR="10.0.0.9"), username="ana", password=PASSWORD) is None


@pytest.mark.redis
def test_counters_in_redis_are_shared_by_every_web_process(client, ana, clock):
    """Production keeps the counters in Redis: a second process (another cache connection) sees the same pause."""
    redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": settings.REDIS_URL,
        "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    with override_settings(CACHES={"default": redis_cache, "other_process": redis_cache}):
        keys = list(login_throttle._keys("ana", "10.0.0.1", 900, START.timestamp()).values())
        try:
            _fail(client, "ana", 5)
            assert caches["other_process"].get_many(keys) == dict.fromkeys(keys, 5)
            assert "Too many failed sign-in attempts" in _login(client, "ana", PASSWORD).text
        finally:
            caches["default"].delete_many(keys)  # not clear(): that would empty the broker's database


def test_an_unreachable_cache_lets_sign_in_through_and_says_so(client, ana, clock, caplog):
    """A Redis outage must not lock everyone out of the tracker: the throttle stands aside and logs."""
    dead = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    with override_settings(CACHES={"default": dead}):
        _fail(client, "ana", 6)
        response = _login(client, "ana", PASSWORD)
    assert response.status_code == 302
    assert "Sign-in throttle unavailable" in caplog.text
