"""The environment-driven settings module (config/settings.py)."""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(settings.BASE_DIR)
SETTINGS_FILE = ROOT / "config" / "settings.py"
VARIABLES = [
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL", "CONN_MAX_AGE", "REDIS_URL",
    "EMAIL_URL", "DEFAULT_FROM_EMAIL", "SITE_URL", "TIME_ZONE", "STATIC_ROOT", "MEDIA_ROOT", "LOG_LEVEL",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "CELERY_TASK_ALWAYS_EAGER", "VAR_DIR", "CACHE_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "TESSERACT_CMD", "DOCUMENTS_MAX_FILE_BYTES",
]  # fmt: skip
PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "foia.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://foia.example.org",
    "DATABASE_URL": "postgres://foia:s3cret@db.internal:5432/foia",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "CACHE_URL": "redis://redis.internal:6379/1",
    "EMAIL_URL": "smtp+tls://mailer:pw@smtp.example.org:587",
    "DEFAULT_FROM_EMAIL": "FOIA Tracker <foia@example.org>",
    "SITE_URL": "https://foia.example.org",
}


@pytest.fixture
def load(monkeypatch, tmp_path):
    """Evaluate the settings module afresh under the given environment (as in the test run unless `testing=False`)."""

    pytest_version = os.environ["PYTEST_VERSION"]

    def _load(testing: bool = True, **env: str) -> dict:
        for name in VARIABLES:
            monkeypatch.delenv(name, raising=False)
        if testing:
            monkeypatch.setenv("PYTEST_VERSION", pytest_version)
        else:
            monkeypatch.delenv("PYTEST_VERSION", raising=False)
        monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS_FILE))

    return _load


def test_secret_key_is_required_when_debug_is_off(load):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set when DEBUG is off"):
        load(testing=False)
    assert load(testing=False, SECRET_KEY="x" * 60)["SECRET_KEY"] == "x" * 60
    assert load(testing=False, DEBUG="true")["SECRET_KEY"].startswith("dev-only")  # make run
    assert load()["SECRET_KEY"].startswith("dev-only")  # the test suite


def test_a_real_process_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES and k != "PYTEST_VERSION"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_database_defaults_to_sqlite_under_var_with_wal(load, tmp_path):
    db = load()["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "var" / "db.sqlite3")
    assert db["ATOMIC_REQUESTS"] is True
    assert db["OPTIONS"]["init_command"] == "PRAGMA journal_mode=WAL;"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_an_empty_database_url_means_the_default(load, tmp_path):
    assert load(DATABASE_URL="")["DATABASES"]["default"]["NAME"] == str(tmp_path / "var" / "db.sqlite3")


def test_database_url_is_parsed(load):
    db = load(DATABASE_URL="postgres://foia:p%40ss@db.internal:5433/tracker", CONN_MAX_AGE="60")["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "tracker",
        "foia",
        "p@ss",
        "db.internal",
        5433,
    )
    assert db["ATOMIC_REQUESTS"] is True and db["CONN_MAX_AGE"] == 60
    assert "init_command" not in db.get("OPTIONS", {})


def test_redis_url_switches_the_celery_broker(load, tmp_path):
    embedded = load()
    assert embedded["CELERY_BROKER_URL"] == "filesystem://localhost//"
    options = embedded["CELERY_BROKER_TRANSPORT_OPTIONS"]
    broker = tmp_path / "var" / "celery-broker"
    assert options["data_folder_in"] == options["data_folder_out"] == str(broker / "queue")
    assert options["control_folder"] == str(broker / "control")
    assert all((broker / sub).is_dir() for sub in ("queue", "processed", "control"))

    redis = load(REDIS_URL="redis://cache.internal:6379/3")
    assert redis["CELERY_BROKER_URL"] == "redis://cache.internal:6379/3"
    assert redis["CELERY_BROKER_TRANSPORT_OPTIONS"] == {"visibility_timeout": 3600}
    assert redis["REDIS_URL"] == "redis://cache.internal:6379/3"


def test_celery_is_json_only_with_time_limits(load):
    conf = load(testing=False, DEBUG="true")
    assert conf["CELERY_TASK_SERIALIZER"] == "json" and conf["CELERY_ACCEPT_CONTENT"] == ["json"]
    assert conf["CELERY_TASK_TIME_LIMIT"] > conf["CELERY_TASK_SOFT_TIME_LIMIT"] > 0
    assert conf["CELERY_TASK_ALWAYS_EAGER"] is False  # real workers outside tests
    assert load()["CELERY_TASK_ALWAYS_EAGER"] is True


def test_email_defaults_to_files_and_email_url_configures_smtp(load, tmp_path):
    dev = load()
    assert dev["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert dev["EMAIL_FILE_PATH"] == str(tmp_path / "var" / "mail")
    smtp = load(EMAIL_URL="smtp+tls://mailer:pw@smtp.example.org:587", DEFAULT_FROM_EMAIL="Tracker <t@example.org>")
    assert smtp["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_HOST_USER"]) == ("smtp.example.org", 587, "mailer")
    assert smtp["EMAIL_USE_TLS"] is True
    assert smtp["DEFAULT_FROM_EMAIL"] == smtp["SERVER_EMAIL"] == "Tracker <t@example.org>"


def test_hosts_origins_and_paths_come_from_the_environment(load, tmp_path):
    conf = load(
        ALLOWED_HOSTS="a.example.org,b.example.org",
        CSRF_TRUSTED_ORIGINS="https://a.example.org",
        SITE_URL="https://a.example.org/",
        TIME_ZONE="America/Chicago",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        LOG_LEVEL="WARNING",
    )
    assert conf["ALLOWED_HOSTS"] == ["a.example.org", "b.example.org"]
    assert conf["CSRF_TRUSTED_ORIGINS"] == ["https://a.example.org"]
    assert conf["SITE_URL"] == "https://a.example.org"
    assert conf["TIME_ZONE"] == conf["CELERY_TIMEZONE"] == "America/Chicago"
    assert conf["STATIC_ROOT"] == tmp_path / "static" and conf["MEDIA_ROOT"] == tmp_path / "media"
    assert conf["LOGGING"]["root"]["level"] == "WARNING"


def test_production_is_strict_and_development_is_not(load):
    prod = load(testing=False, **PRODUCTION)
    assert prod["DEBUG"] is False
    assert prod["SECURE_SSL_REDIRECT"] is True and prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"]
    assert prod["SECURE_HSTS_SECONDS"] == 31536000
    assert prod["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    dev = load(testing=False, DEBUG="true")
    assert "SECURE_SSL_REDIRECT" not in dev
    assert dev["STORAGES"]["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_production_keeps_sign_in_counters_in_redis_apart_from_the_broker(load):
    prod = load(testing=False, **PRODUCTION)
    cache = prod["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://redis.internal:6379/1" != prod["CELERY_BROKER_URL"]
    assert cache["OPTIONS"]["socket_timeout"] <= 1  # a hung Redis must not hold sign-in
    dev = load(testing=False, DEBUG="true")
    assert dev["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def _check_deploy(tmp_path, *, without=(), fail_level="WARNING"):
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES and k != "PYTEST_VERSION"}
    env.update(PRODUCTION, VAR_DIR=str(tmp_path))
    for name in without:
        del env[name]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", fail_level],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("missing", "error"), [("REDIS_URL", "coalition.E001"), ("CACHE_URL", "coalition.E002")]
)  # fmt: skip
def test_check_deploy_fails_without_the_broker_or_the_cache(tmp_path, missing, error):
    """The README calls both required: without them the broker is one host's folder and each web process counts its
    own sign-in failures. The check must fail at its default level (ERROR), not merely warn."""
    result, output = _check_deploy(tmp_path, without=[missing], fail_level="ERROR")
    assert result.returncode != 0, output
    assert error in output and f"{missing} is not set" in output


def test_check_deploy_is_clean_with_the_documented_production_variables(tmp_path):
    result, output = _check_deploy(tmp_path)
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNING" not in output.upper().replace("--FAIL-LEVEL WARNING", "")


def test_uploads_go_to_local_files_by_default_and_to_s3_compatible_storage_by_environment(load):
    assert load()["STORAGES"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    conf = load(
        AWS_STORAGE_BUCKET_NAME="foia-releases",
        AWS_S3_ENDPOINT_URL="https://minio.internal:9000",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )["STORAGES"]["default"]
    assert conf["BACKEND"] == "storages.backends.s3.S3Storage"
    assert conf["OPTIONS"]["bucket_name"] == "foia-releases"
    assert conf["OPTIONS"]["endpoint_url"] == "https://minio.internal:9000"
    assert conf["OPTIONS"]["default_acl"] == "private" and conf["OPTIONS"]["file_overwrite"] is False
    from storages.backends.s3 import S3Storage

    storage = S3Storage(**conf["OPTIONS"])  # builds without a network call
    assert storage.bucket_name == "foia-releases" and storage.endpoint_url == "https://minio.internal:9000"


def test_documents_limits_come_from_the_environment(load):
    conf = load(DOCUMENTS_MAX_FILE_BYTES="1000", TESSERACT_CMD="")
    assert conf["DOCUMENTS_MAX_FILE_BYTES"] == 1000 and conf["TESSERACT_CMD"] == ""
