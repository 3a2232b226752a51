"""The commands a site administrator uses to bootstrap a network."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from parcours.accounts.models import ApiToken, Organization, User
from parcours.accounts.services import api_token_authenticate
from parcours.core.models import AuditEvent


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_organization_prints_its_id_last(db):
    out = run("create_organization", "Carrefour Centre-Ville", "--kind", "hub")
    org = Organization.objects.get(name="Carrefour Centre-Ville")
    assert out.strip().splitlines()[-1] == str(org.pk)
    assert org.is_partner
    assert AuditEvent.objects.filter(target_id=str(org.pk)).exists()


def test_create_external_institution(db):
    run("create_organization", "Hôpital Général", "--kind", "hospital", "--external")
    assert Organization.objects.get(name="Hôpital Général").is_partner is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Nouvel organisme", "--kind", "spaceship"], "spaceship"),
        (["carrefour centre-ville", "--kind", "hub"], "carrefour centre-ville"),
    ],
)
def test_create_organization_refuses_bad_input_with_status_2(db, args, message):
    run("create_organization", "Carrefour Centre-Ville", "--kind", "hub")
    before = (Organization.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CommandError) as error:
        call_command("create_organization", *args)
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert (Organization.objects.count(), AuditEvent.objects.count()) == before


def test_create_staff_with_password_file_and_program(network, tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("Un-mot-de-passe-solide-7\n")
    out = run(
        "create_staff",
        "Nouvelle.Personne@Carrefour.example",
        "--organization",
        "carrefour centre-ville",
        "--discipline",
        "psychiatrist",
        "--password-file",
        str(secret),
        "--program",
        "Gestion des cas graves",
        "--admin",
    )
    user = User.objects.get(email="nouvelle.personne@carrefour.example")
    assert out.strip().splitlines()[-1] == str(user.pk)
    assert user.check_password("Un-mot-de-passe-solide-7")
    assert user.is_clinical and user.is_org_admin
    assert user.program_memberships.get().program == network.icm


def test_create_staff_without_password_cannot_sign_in_yet(network):
    run(
        "create_staff",
        "later@carrefour.example",
        "--organization",
        "Carrefour Centre-Ville",
        "--discipline",
        "nurse",
    )
    assert not User.objects.get(email="later@carrefour.example").has_usable_password()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["x@refuge.example", "--organization", "Nowhere", "--discipline", "nurse"],
            "Unknown organization",
        ),
        (
            [
                "alice@carrefour.example",
                "--organization",
                "Refuge Saint-Laurent",
                "--discipline",
                "nurse",
            ],
            "alice@carrefour.example",
        ),
        (
            [
                "y@refuge.example",
                "--organization",
                "Refuge Saint-Laurent",
                "--discipline",
                "wizard",
            ],
            "wizard",
        ),
        (
            ["z@hospital.example", "--organization", "Hôpital Général", "--discipline", "nurse"],
            "Hôpital Général",
        ),
        (
            [
                "w@refuge.example",
                "--organization",
                "Refuge Saint-Laurent",
                "--discipline",
                "nurse",
                "--password",
                "123",
            ],
            "password",
        ),
        (
            [
                "v@refuge.example",
                "--organization",
                "Refuge Saint-Laurent",
                "--discipline",
                "nurse",
                "--program",
                "Gestion des cas graves",
            ],
            "Gestion des cas graves",
        ),
    ],
)
def test_create_staff_refuses_bad_input_with_status_2_and_writes_nothing(network, args, message):
    before = (User.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CommandError) as error:
        call_command("create_staff", *args)
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_create_api_token_prints_a_working_token_stored_only_as_a_digest(network):
    token = run("create_api_token", "alice@carrefour.example").strip().splitlines()[-1]
    assert api_token_authenticate(token) == network.alice
    stored = ApiToken.objects.get(user=network.alice)
    assert token not in (stored.digest, stored.prefix)
    run("revoke_api_token", token)
    assert api_token_authenticate(token) is None


def test_create_api_token_for_unknown_email_fails_with_status_2(db):
    with pytest.raises(CommandError) as error:
        call_command("create_api_token", "nobody@example.org")
    assert error.value.returncode == 2
    assert not ApiToken.objects.exists()
