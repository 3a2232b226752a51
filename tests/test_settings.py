"""Settings come from the environment; a production-like environment passes
Django's deployment checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys


def _parcours(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "parcours", *args],
        capture_output=True,
        text=True,
        env={
            k: v
            for k, v in os.environ.items()
            if k not in {"PARCOURS_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        | env,
        check=False,
    )


def test_check_deploy_is_clean_with_a_production_environment(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(secrets.token_urlsafe(64))
    chain_key = tmp_path / "chain_key"
    chain_key.write_text(secrets.token_urlsafe(64))
    result = _parcours(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "SECRET_KEY_FILE": str(secret),
            "AUDIT_CHAIN_KEY_FILE": str(chain_key),
            "DEBUG": "false",
            "HTTPS": "true",
            "ALLOWED_HOSTS": "parcours.example.org",
            "PARCOURS_DATA_DIR": str(tmp_path),
            "PARCOURS_TESTING": "0",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_bad_boolean_in_the_environment_is_a_clear_error(tmp_path):
    result = _parcours("check", env={"DEBUG": "maybe", "PARCOURS_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_without_a_secret_key_one_is_generated_once_and_kept(tmp_path):
    env = {"PARCOURS_DATA_DIR": str(tmp_path), "SECRET_KEY": ""}
    assert _parcours("check", env=env).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 50
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    _parcours("check", env=env)
    assert (tmp_path / "secret_key").read_text() == key


def test_time_zone_defaults_to_toronto(settings):
    assert settings.TIME_ZONE == "America/Toronto"
    assert settings.USE_TZ is True


def test_the_province_and_its_ages_come_from_the_environment(tmp_path):
    code = (
        "from parcours.households.ages import age_of_consent, age_of_majority;"
        "print(age_of_consent(), age_of_majority())"
    )
    env = {"PARCOURS_DATA_DIR": str(tmp_path)}
    quebec = _parcours("shell", "--no-imports", "-c", code, env=env | {"PROVINCE": "qc"})
    assert quebec.stdout.split() == ["14", "18"], quebec.stderr
    overridden = _parcours(
        "shell", "--no-imports", "-c", code, env=env | {"PROVINCE": "BC", "AGE_OF_CONSENT": "15"}
    )
    assert overridden.stdout.split() == ["15", "19"], overridden.stderr
    wrong = _parcours("check", env=env | {"PROVINCE": "Ontario"})
    assert wrong.returncode != 0 and "PROVINCE must be a province" in wrong.stderr


def test_linkage_thresholds_are_probabilities(tmp_path):
    env = {"PARCOURS_DATA_DIR": str(tmp_path)}
    wrong = _parcours("check", env=env | {"LINKAGE_REVIEW_THRESHOLD": "1.5"})
    assert wrong.returncode != 0 and "between 0 and 1" in wrong.stderr
    code = "from django.conf import settings; print(settings.LINKAGE_AUTO_MERGE_THRESHOLD)"
    assert _parcours("shell", "--no-imports", "-c", code, env=env).stdout.strip() == "None"
    on = _parcours(
        "shell", "--no-imports", "-c", code, env=env | {"LINKAGE_AUTO_MERGE_THRESHOLD": "0.9999"}
    )
    assert on.stdout.strip() == "0.9999"


def test_check_deploy_warns_when_the_audit_chain_key_lives_beside_the_data(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(secrets.token_urlsafe(64))
    result = _parcours(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "SECRET_KEY_FILE": str(secret),
            "AUDIT_CHAIN_KEY": "",
            "DEBUG": "false",
            "HTTPS": "true",
            "ALLOWED_HOSTS": "parcours.example.org",
            "PARCOURS_DATA_DIR": str(tmp_path),
            "PARCOURS_TESTING": "0",
        },
    )
    assert result.returncode != 0
    assert "parcours.W001" in result.stdout + result.stderr
    assert (tmp_path / "audit_chain_key").exists()
