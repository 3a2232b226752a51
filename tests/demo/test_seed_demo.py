"""The demo network is realistic, bilingual and safe to load twice."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from parcours.accounts.models import Organization, Program, User
from parcours.core.audit import audit_verify_chain
from parcours.demo.network import DEMO_PASSWORD


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--no-clients", stdout=out)
    return out.getvalue()


def test_demo_network_has_17_partners_and_external_institutions(db):
    out = _seed()
    assert Organization.objects.filter(is_partner=True).count() == 17
    assert set(Organization.objects.filter(is_partner=False).values_list("kind", flat=True)) == {
        "hospital",
        "corrections",
    }
    assert "sophie.tremblay@carrefour.example" in out
    assert DEMO_PASSWORD in out


def test_icm_provider_has_five_case_managers_and_act_team_is_multidisciplinary(db):
    _seed()
    icm = Program.objects.get(kind="icm")
    icm_disciplines = list(
        User.objects.filter(program_memberships__program=icm).values_list(
            "discipline_id", flat=True
        )
    )
    assert icm_disciplines.count("case_manager") == 5
    act = Program.objects.get(kind="act")
    act_disciplines = sorted(
        User.objects.filter(program_memberships__program=act).values_list(
            "discipline_id", flat=True
        )
    )
    for discipline, count in {
        "psychiatrist": 1,
        "physician": 1,
        "nurse": 2,
        "addiction_specialist": 1,
        "peer_worker": 1,
        "case_manager": 3,
    }.items():
        assert act_disciplines.count(discipline) == count, discipline


def test_demo_staff_have_french_and_english_speakers_and_can_sign_in(db):
    _seed()
    assert User.objects.filter(preferred_language="fr").exists()
    assert User.objects.filter(preferred_language="en").exists()
    user = User.objects.get(email="mathieu.cote@passerelle.example")
    assert user.check_password(DEMO_PASSWORD)


def test_loading_the_demo_twice_adds_nothing(db):
    _seed()
    counts = (Organization.objects.count(), Program.objects.count(), User.objects.count())
    out = _seed()
    assert (Organization.objects.count(), Program.objects.count(), User.objects.count()) == counts
    assert "0 organizations and 0 staff accounts added" in out
    assert audit_verify_chain().ok


def test_the_hub_has_a_new_colleague_waiting_for_her_first_sign_in_link(db):
    from django.test import Client as WebClient
    from django.urls import reverse
    from django.utils import translation

    from tests.conftest import verify_second_factor

    _seed()
    jeanne = User.objects.get(given_name="Jeanne", family_name="Paradis")
    assert not jeanne.has_usable_password() and jeanne.last_login is None
    admin = User.objects.filter(organization=jeanne.organization, is_org_admin=True).first()
    web = WebClient()
    web.force_login(admin)
    verify_second_factor(web, admin)
    with translation.override("fr"):
        page = web.get(reverse("accounts:staff_access", kwargs={"staff_id": jeanne.pk}))
    assert 'id="first-sign-in-link"' in page.content.decode()
