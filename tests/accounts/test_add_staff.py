"""An organization administrator adds a colleague, gives them the one-time
first sign-in link, and sets their programs, teams and roles — all audited,
refused to anyone else, and nothing written on bad input."""

from __future__ import annotations

import re

import pytest
from django.test import Client as WebClient
from django.urls import reverse
from django.utils import translation

from parcours.accounts.models import MembershipRole, ProgramMembership, TeamMembership, User
from parcours.core.models import AuditAction, AuditEvent
from tests.conftest import client_for
from tests.factories import ProgramFactory, TeamFactory

NEW_PASSWORD = "Un-mot-de-passe-solide-2026"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _add(web, **changes):
    data = {
        "email": "Jeanne.Roy@Carrefour.example",
        "given_name": "Jeanne",
        "family_name": "Roy",
        "discipline": "case_manager",
        "preferred_language": "fr",
        **changes,
    }
    return web.post(reverse("accounts:staff_new"), data)


def test_an_administrator_adds_a_colleague_who_signs_in_with_their_link(network):
    admin = client_for(network.alice_admin)
    assert "Add a colleague" in admin.get(reverse("accounts:staff_list")).content.decode()

    response = _add(admin)
    jeanne = User.objects.get(email="jeanne.roy@carrefour.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:staff_access", kwargs={"staff_id": jeanne.pk})
    assert jeanne.organization == network.carrefour
    assert not jeanne.has_usable_password()
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, target_id=str(jeanne.pk)).exists()

    page = admin.get(response["Location"]).content.decode()
    link = re.search(r'id="first-sign-in-link">http://testserver([^<]+)<', page).group(1)

    newcomer = WebClient()
    form_page = newcomer.get(link, follow=True)
    assert "Choose your password" in form_page.content.decode()
    done = newcomer.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302 and done["Location"] == reverse("accounts:login")
    jeanne.refresh_from_db()
    assert jeanne.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, actor=jeanne, target_id=str(jeanne.pk)
    ).exists()

    # The link works once.
    again = WebClient().get(link, follow=True).content.decode()
    assert 'id="link-invalid"' in again
    # And the access page no longer shows one.
    assert "first-sign-in-link" not in admin.get(response["Location"]).content.decode()


def test_bad_input_is_refused_with_a_message_and_writes_nothing(network):
    admin = client_for(network.alice_admin)
    before = User.objects.count()
    taken = _add(admin, email="alice@carrefour.example")
    assert taken.status_code == 200
    assert "already exists" in taken.content.decode()
    unknown = _add(admin, discipline="astronaut")
    assert unknown.status_code == 200
    assert 'id="id_discipline-errors"' in unknown.content.decode()
    empty = _add(admin, email="", given_name="")
    assert empty.status_code == 200
    assert User.objects.count() == before


def test_only_administrators_add_or_change_colleagues(network):
    worker = client_for(network.alice)
    assert worker.get(reverse("accounts:staff_new")).status_code == 403
    assert _add(worker).status_code == 403
    access_page = reverse("accounts:staff_access", kwargs={"staff_id": network.nurse.pk})
    assert worker.get(access_page).status_code == 403
    # Another organization's administrator does not even find the colleague.
    other = client_for(network.bob_admin)
    assert other.get(access_page).status_code == 404
    assert other.post(access_page, {"is_org_admin": "on"}).status_code == 404
    # Nobody changes their own roles this way.
    own = reverse("accounts:staff_access", kwargs={"staff_id": network.alice_admin.pk})
    assert client_for(network.alice_admin).get(own).status_code == 403
    # Anonymous visitors are sent to sign in.
    assert WebClient().get(reverse("accounts:staff_new")).status_code == 302


def test_programs_teams_and_roles_are_set_together_and_audited(network):
    admin = client_for(network.alice_admin)
    nurse = network.nurse
    housing = ProgramFactory(organization=network.carrefour, name="Logement")
    team_west = TeamFactory(program=housing, name="Équipe Ouest")
    page = reverse("accounts:staff_access", kwargs={"staff_id": nurse.pk})
    assert "Équipe Ouest" in admin.get(page).content.decode()

    response = admin.post(
        page,
        {
            f"program_{network.icm.pk}": "",
            f"program_{housing.pk}": MembershipRole.COORDINATOR,
            f"team_{network.icm_team.pk}": "",
            f"team_{team_west.pk}": MembershipRole.LEAD,
            "is_org_admin": "on",
        },
    )
    assert response.status_code == 302
    nurse.refresh_from_db()
    assert nurse.is_org_admin
    assert dict(ProgramMembership.objects.filter(user=nurse).values_list("program", "role")) == {
        housing.pk: MembershipRole.COORDINATOR
    }
    assert list(TeamMembership.objects.filter(user=nurse).values_list("team", "role")) == [
        (team_west.pk, MembershipRole.LEAD)
    ]
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, target_id=str(nurse.pk)).latest(
        "occurred_at"
    )
    assert event.before["programs"] == {str(network.icm.pk): MembershipRole.MEMBER}
    assert event.after["is_org_admin"] is True


def test_a_team_without_its_program_is_refused_and_nothing_changes(network):
    admin = client_for(network.alice_admin)
    alice = network.alice
    page = reverse("accounts:staff_access", kwargs={"staff_id": alice.pk})
    before = sorted(ProgramMembership.objects.filter(user=alice).values_list("program", "role"))
    response = admin.post(
        page,
        {f"program_{network.icm.pk}": "", f"team_{network.icm_team.pk}": MembershipRole.MEMBER},
    )
    assert response.status_code == 200
    assert "is a member of its program" in response.content.decode()
    after = sorted(ProgramMembership.objects.filter(user=alice).values_list("program", "role"))
    assert after == before
    assert TeamMembership.objects.filter(user=alice, team=network.icm_team).exists()


def test_the_pages_are_in_french_too(network):
    admin = client_for(network.alice_admin)
    with translation.override("fr"):
        new_page = admin.get(reverse("accounts:staff_new")).content.decode()
    assert "Ajouter un·e collègue" in new_page or "Ajouter un collègue" in new_page
