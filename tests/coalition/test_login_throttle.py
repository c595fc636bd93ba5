"""Repeated failed sign-ins pause sign-in for the account (and for the address), on every way in."""

import datetime as dt
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.core.checks import run_checks
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


def _redis_cache():
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": settings.REDIS_URL,
        "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }


@pytest.mark.parametrize("backend", ["memory", pytest.param("redis", marks=pytest.mark.redis)])
def test_parallel_guesses_get_no_more_password_checks_than_the_limit(backend, clock):
    """Thirty guesses arriving together: each is counted before its password is checked, so exactly five go on to a
    password check, however the threads interleave (the count is an atomic increment, in memory or in Redis)."""
    caches_setting = {"default": _redis_cache()} if backend == "redis" else settings.CACHES
    with override_settings(CACHES=caches_setting):
        barrier = threading.Barrier(30)

        def guess(_):
            barrier.wait()
            return login_throttle.attempt_begin("ana", "10.0.0.1")

        try:
            with ThreadPoolExecutor(30) as pool:
                waits = list(pool.map(guess, range(30)))
        finally:
            caches["default"].delete_many(
                list(login_throttle._keys("ana", "10.0.0.1", 900, START.timestamp()).values())
            )
    assert waits.count(0) == 5
    assert set(waits) - {0} == {15 * 60 - 30}


@pytest.mark.django_db(transaction=True)  # the guessing threads use their own database connections
@override_settings(LOGIN_FAILURES_PER_ACCOUNT=3)
def test_guesses_sent_together_through_the_backend_get_only_the_allowed_password_checks(rf, clock, monkeypatch):
    """Ten wrong guesses released at once, each password check taking 50 ms: a throttle that checked the count first
    and counted the failure afterwards would let all ten reach the password; this one lets exactly three."""
    from django.contrib.auth import authenticate, get_user_model
    from django.db import connection

    UserFactory(username="ana")
    checks = []
    real_check = get_user_model().check_password

    def slow_check(user, raw):
        checks.append(raw)
        time.sleep(0.05)
        return real_check(user, raw)

    monkeypatch.setattr(get_user_model(), "check_password", slow_check)
    barrier = threading.Barrier(10)

    def guess(_):
        try:
            barrier.wait()
            return authenticate(rf.post("/", REMOTE_ADDR="10.0.0.1"), username="ana", password="wrong")
        finally:
            connection.close()

    with ThreadPoolExecutor(10) as pool:
        assert list(pool.map(guess, range(10))) == [None] * 10
    assert len(checks) == 3


def test_a_paused_account_gets_no_password_check_at_all(rf, ana, clock, monkeypatch):
    from django.contrib.auth import authenticate, get_user_model

    checks = []
    real_check = get_user_model().check_password
    monkeypatch.setattr(
        get_user_model(), "check_password", lambda user, raw: checks.append(raw) or real_check(user, raw)
    )
    request = rf.post("/", REMOTE_ADDR="10.0.0.1")
    for _ in range(5):
        authenticate(request, username="ana", password="wrong")
    assert checks == ["wrong"] * 5

    assert authenticate(request, username="ana", password=PASSWORD) is None
    assert checks == ["wrong"] * 5


def test_the_current_password_check_of_password_change_is_throttled(client, ana, clock):
    client.force_login(ana)
    for _ in range(5):
        response = client.post(
            "/accounts/password_change/",
            {"old_password": "wrong", "new_password1": "a-new-passphrase-91", "new_password2": "a-new-passphrase-91"},
        )
        assert "Your old password was entered incorrectly" in response.text

    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "a-new-passphrase-91", "new_password2": "a-new-passphrase-91"},
    )

    assert response.status_code == 200 and "Too many failed sign-in attempts" in response.text
    ana.refresh_from_db()
    assert ana.check_password(PASSWORD)


def test_the_admins_password_change_is_throttled_too(client, clock):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    change = {"new_password1": "a-new-passphrase-91", "new_password2": "a-new-passphrase-91"}
    for _ in range(5):
        response = client.post("/admin/password_change/", {"old_password": "wrong", **change})
        assert response.status_code == 200 and "Your old password was entered incorrectly" in response.text

    response = client.post("/admin/password_change/", {"old_password": PASSWORD, **change})

    assert response.status_code == 200 and "Too many failed sign-in attempts" in response.text
    root.refresh_from_db()
    assert root.check_password(PASSWORD)


def test_a_successful_token_request_clears_the_accounts_count(client, ana, clock):
    def token(password, username="ana"):
        return client.post("/api/v1/auth/token/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.1")

    for _ in range(4):
        assert token("wrong").status_code == 400
    assert token(PASSWORD).status_code == 200
    for _ in range(4):
        assert token("wrong").status_code == 400

    assert token(PASSWORD).status_code == 200
    for _ in range(5):
        token("wrong")
    assert token(PASSWORD, username=" ana ").status_code == 429  # the name as the serializer trims it


@pytest.mark.parametrize("body", ["[]", '"ana"', "123", "null"])
def test_the_token_endpoint_answers_400_to_a_body_that_is_not_an_object(client, body):
    response = client.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400


def test_the_browsable_api_login_explains_the_pause(client, ana, clock):
    for _ in range(5):
        client.post("/api-auth/login/", {"username": "ana", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")

    response = client.post("/api-auth/login/", {"username": "ana", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")

    assert response.status_code == 200 and "Too many failed sign-in attempts" in response.text
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    ("remote", "forwarded", "counted_as"),
    [
        ("10.0.0.1", None, "10.0.0.1"),
        ("2001:db8:1:2:aaaa::1", None, "2001:db8:1:2::/64"),  # one host usually holds a whole /64
        ("::ffff:192.0.2.9", None, "192.0.2.9"),
        ("10.0.0.1", "198.51.100.4, 203.0.113.7", "203.0.113.7"),
        ("10.0.0.1", "203.0.113.7,", "10.0.0.1"),  # an empty last entry is not an address: the connection's is used
        ("10.0.0.1", "evil host", "10.0.0.1"),
        ("not an address", None, ""),
    ],
)
@override_settings(LOGIN_CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR")
def test_client_addresses_are_parsed_and_normalised(rf, remote, forwarded, counted_as):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    assert login_throttle.client_address(rf.get("/", REMOTE_ADDR=remote, **headers)) == counted_as


@pytest.mark.parametrize(
    ("cache", "broker", "warned"),
    [
        ("redis://r:6379/0", "redis://r:6379/0", True),
        ("redis://r:6379", "redis://r:6379/0", True),  # no database number is database 0
        ("redis://r/0", "redis://r:6379/", True),  # the default port
        ("redis://r:6379/1", "redis://r:6379/0", False),
        ("redis://other:6379/0", "redis://r:6379/0", False),
    ],
)
def test_a_cache_sharing_the_brokers_database_fails_the_deployment_check(cache, broker, warned):
    caches_setting = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache}}
    with override_settings(CACHES=caches_setting, CELERY_BROKER_URL=broker, REDIS_URL=broker, CACHE_URL=cache):
        ids = [m.id for m in run_checks(include_deployment_checks=True, tags=["caches"])]
    assert ids == (["coalition.W001"] if warned else [])


@override_settings(LOGIN_FAILURE_WINDOW_SECONDS=0, LOGIN_FAILURES_PER_ACCOUNT=0)
def test_nonsense_limits_are_clamped_rather_than_crashing(client, ana, clock):
    assert _login(client, "ana", PASSWORD).status_code == 302
