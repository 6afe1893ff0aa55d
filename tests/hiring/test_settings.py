import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_deploy_check_is_clean_with_production_environment():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY="x" * 64 + "-production-secret-value", ALLOWED_HOSTS="hiring.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def cache_backend(**env: str) -> str:
    code = ("import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'hiring.settings'; django.setup(); "
            "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])")
    environment = {k: v for k, v in os.environ.items() if k != "CACHE_URL"}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**environment, **env}, capture_output=True,
                          text=True, timeout=60).stdout.strip()


def test_cache_is_shared_through_redis_when_a_cache_url_is_given():
    assert cache_backend(CACHE_URL="redis://127.0.0.1:6379/1") == "django.core.cache.backends.redis.RedisCache"
    assert cache_backend() == "django.core.cache.backends.locmem.LocMemCache"


def test_a_boolean_setting_that_is_neither_true_nor_false_stops_start_up_naming_it():
    result = run_manage("check", SECURE_SSL_REDIRECT="ture")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: SECURE_SSL_REDIRECT='ture' is not a boolean: "
        "use one of 1, on, true, yes or 0, false, no, off.")


def test_a_number_setting_that_is_not_a_number_stops_start_up_naming_it():
    result = run_manage("check", VIDEO_MAX_BYTES="100MB")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: VIDEO_MAX_BYTES='100MB' is not a whole number.")


def setting(name: str, **env: str) -> str:
    code = ("import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'hiring.settings'; django.setup(); "
            f"from django.conf import settings; print(repr(settings.{name}))")
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**environment, **env}, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_boolean_words_are_read_in_any_case_and_an_empty_value_means_the_default():
    assert setting("SECURE_SSL_REDIRECT", SECURE_SSL_REDIRECT=" Yes ") == "True"
    assert setting("SECURE_SSL_REDIRECT", SECURE_SSL_REDIRECT="OFF") == "False"
    assert setting("SECURE_SSL_REDIRECT", SECURE_SSL_REDIRECT="") == "False"  # DEBUG defaults on: no redirect


def test_the_sqlite_default_takes_the_write_lock_up_front_waits_for_it_and_logs_ahead():
    assert setting("DATABASES['default']['OPTIONS']") == (
        "{'transaction_mode': 'IMMEDIATE', 'timeout': 20, 'init_command': "
        "'PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL'}")
    assert setting("DATABASES['default']['CONN_HEALTH_CHECKS']", DATABASE_URL="postgres://u@127.0.0.1/x") == "True"
