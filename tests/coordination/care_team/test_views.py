"""The care team's screens, route × persona: the client file's section, the
history, add / change / end, the coordinated care plan and the overview."""

from __future__ import annotations

import time_machine
from django.urls import reverse
from django.utils import timezone

from parcours.access import client_access_for
from parcours.casework import services as casework
from parcours.clients.services import lock_box_add
from parcours.coordination.models import CareRole, CareTeamMember
from parcours.coordination.services.care_team import care_team_member_end
from parcours.core.models import AuditAction, AuditEvent
from tests.conftest import client_for
from tests.coordination.care_team.conftest import Care, add_member, open_referral, today


def _detail(care: Care) -> str:
    return reverse("clients:detail", kwargs={"client_id": care.marie.pk}) + "?tab=care"


def _client_routes(care: Care, member: CareTeamMember) -> list[str]:
    cid = {"client_id": care.marie.pk}
    mid = {"member_id": member.pk}
    return [
        reverse("coordination:care_team_history", kwargs=cid),
        reverse("coordination:care_team_add", kwargs=cid),
        reverse("coordination:care_team_edit", kwargs=mid),
        reverse("coordination:care_team_end", kwargs=mid),
        reverse("coordination:care_plan", kwargs=cid),
    ]


def test_client_file_shows_members_and_implicit_members(care: Care):
    n = care.network
    add_member(n.alice, care.marie, worker=n.nurse, contact="poste 204")
    add_member(n.alice, care.marie, role=CareRole.FAMILY_DOCTOR, outside_name="Dre Lefebvre")
    page = client_for(n.alice).get(_detail(care)).content.decode()
    assert 'id="care-team"' in page
    assert "Nadia Roy" in page and "poste 204" in page and "Dre Lefebvre" in page
    # Bob, Refuge's primary worker of Marie's shelter enrollment, is an implicit member.
    assert "Bob Martin" in page and "through an enrollment" in page
    assert 'id="care-team-add"' in page
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, client_id=care.marie.pk, detail__section="care_team"
    ).exists()


def test_identity_only_partner_sees_no_care_team(care: Care):
    n = care.network
    add_member(n.alice, care.marie, worker=n.nurse, contact="poste 204")
    page = client_for(care.hugo).get(_detail(care)).content.decode()
    assert 'id="care-team"' in page
    assert "Nadia Roy" not in page and "poste 204" not in page and "Bob Martin" not in page
    assert 'id="care-team-add"' not in page
    member = CareTeamMember.objects.get()
    web = client_for(care.hugo)
    for url in _client_routes(care, member)[1:4]:
        assert web.get(url).status_code == 404, url
    plan = web.get(reverse("coordination:care_plan", kwargs={"client_id": care.marie.pk}))
    assert plan.status_code == 200 and "Nadia Roy" not in plan.content.decode()


def test_partner_without_consent_gets_404_everywhere(care: Care):
    member = add_member(care.network.alice, care.marie, worker=care.network.nurse)
    web = client_for(care.zoe)
    for url in _client_routes(care, member):
        assert web.get(url).status_code == 404, url
        assert web.post(url, {"role": "nurse", "until": today().isoformat()}).status_code in (
            404,
            405,
        )
    member.refresh_from_db()
    assert member.is_current


def test_signed_out_is_sent_to_sign_in(care: Care):
    member = add_member(care.network.alice, care.marie, worker=care.network.nurse)
    web = client_for(None)
    for url in [*_client_routes(care, member), reverse("coordination:overview")]:
        response = web.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_lock_box_hides_a_member_row_from_a_partner(care: Care):
    n = care.network
    hidden = add_member(n.alice, care.marie, worker=n.nurse, contact="poste 204")
    add_member(n.alice, care.marie, role=CareRole.FAMILY_DOCTOR, outside_name="Dre Lefebvre")
    lock_box_add(
        acting_user=n.alice,
        client_access=client_access_for(n.alice, care.marie),
        organization=n.refuge,
        target=hidden,
        reason="Demande de la cliente",
    )
    page = client_for(n.bob).get(_detail(care)).content.decode()
    assert "Dre Lefebvre" in page
    assert f"care-team-member-{hidden.pk}" not in page and "poste 204" not in page
    assert "poste 204" in client_for(n.alice).get(_detail(care)).content.decode()


def test_add_a_member_through_the_form(care: Care):
    n = care.network
    url = reverse("coordination:care_team_add", kwargs={"client_id": care.marie.pk})
    web = client_for(n.alice)
    assert web.get(url).status_code == 200
    response = web.post(
        url,
        {"worker": str(n.nurse.pk), "role": "nurse", "contact": "", "since": today().isoformat()},
    )
    assert response.status_code == 302
    assert CareTeamMember.objects.get().worker == n.nurse
    # The same again: refused, shown on the form, nothing written.
    again = web.post(
        url, {"worker": str(n.nurse.pk), "role": "nurse", "since": today().isoformat()}
    )
    assert again.status_code == 422 and b"form-errors" in again.content
    assert CareTeamMember.objects.count() == 1


def test_end_a_membership_asks_for_confirmation_then_moves_it_to_the_history(care: Care):
    n = care.network
    member = add_member(n.alice, care.marie, worker=n.nurse, contact="poste 204")
    web = client_for(n.alice)
    url = reverse("coordination:care_team_end", kwargs={"member_id": member.pk})
    assert b"data-confirm" in web.get(url).content
    assert web.post(url, {"until": today().isoformat()}).status_code == 302
    member.refresh_from_db()
    assert member.until == today()
    history = web.get(
        reverse("coordination:care_team_history", kwargs={"client_id": care.marie.pk})
    ).content.decode()
    assert f"care-team-member-{member.pk}" in history
    file = web.get(_detail(care)).content.decode()
    assert f"care-team-member-{member.pk}" not in file


def test_edit_role_and_contact_only_by_the_partner_that_added_the_member(care: Care):
    n = care.network
    member = add_member(n.alice, care.marie, worker=n.nurse)
    url = reverse("coordination:care_team_edit", kwargs={"member_id": member.pk})
    assert client_for(n.bob).get(url).status_code == 404
    assert client_for(n.bob).post(url, {"role": "nurse", "contact": "x"}).status_code == 404
    response = client_for(n.alice).post(url, {"role": "addiction_worker", "contact": "cell"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "addiction_worker" and member.contact == "cell"


def test_history_is_empty_state_then_lists_former_members(care: Care):
    n = care.network
    url = reverse("coordination:care_team_history", kwargs={"client_id": care.marie.pk})
    assert b"empty-state" in client_for(n.alice).get(url).content
    member = add_member(n.alice, care.marie, role=CareRole.FAMILY_DOCTOR, outside_name="Dr Smith")
    care_team_member_end(
        acting_user=n.alice, client_access=client_access_for(n.alice, care.marie), member=member
    )
    assert b"Dr Smith" in client_for(n.alice).get(url).content
    assert b"Dr Smith" in client_for(n.bob).get(url).content
    assert b"Dr Smith" not in client_for(care.hugo).get(url).content


# --- The coordinated care plan ------------------------------------------------------


def _goal(user, client, statement, **kwargs):
    return casework.goal_add(
        acting_user=user,
        client_access=client_access_for(user, client),
        statement=statement,
        support_type=kwargs.pop("support_type", "housing"),
        sub_domain=kwargs.pop("sub_domain", "housing_search"),
        **kwargs,
    )


def test_care_plan_shows_every_partners_part_editable_only_by_that_partner(care: Care):
    n = care.network
    mine = _goal(n.alice, care.marie, "Avoir mon appartement", steps=["Remplir la demande"])
    theirs = _goal(
        n.bob, care.marie, "Dormir au chaud cet hiver", support_type="housing", sub_domain="move_in"
    )
    referral = open_referral(client=care.marie, sender=n.alice, receiver=n.refuge)
    add_member(n.alice, care.marie, role=CareRole.FAMILY_DOCTOR, outside_name="Dre Lefebvre")
    url = reverse("coordination:care_plan", kwargs={"client_id": care.marie.pk})
    edit_mine = reverse("casework:goal_edit", kwargs={"goal_id": mine.pk})
    edit_theirs = reverse("casework:goal_edit", kwargs={"goal_id": theirs.pk})

    page = client_for(n.alice).get(url).content.decode()
    assert f'id="partner-{n.carrefour.pk}"' in page and f'id="partner-{n.refuge.pk}"' in page
    assert "Avoir mon appartement" in page and "Dormir au chaud cet hiver" in page
    assert "Remplir la demande" in page and "Clinique de santé" in page
    assert "Dre Lefebvre" in page
    assert edit_mine in page and edit_theirs not in page

    page = client_for(n.bob).get(url).content.decode()
    assert edit_theirs in page and edit_mine not in page
    assert f'id="referral-{referral.pk}"' in page  # received by Refuge
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, client_id=care.marie.pk, detail__section="care_plan"
    ).exists()


def test_care_plan_of_an_identity_only_partner_shows_nothing_of_the_others(care: Care):
    n = care.network
    _goal(n.alice, care.marie, "Avoir mon appartement")
    page = client_for(care.hugo).get(
        reverse("coordination:care_plan", kwargs={"client_id": care.marie.pk})
    )
    assert page.status_code == 200
    assert "Avoir mon appartement" not in page.content.decode()
    assert b"care-plan-empty" in page.content


def test_care_plan_query_count_does_not_grow_with_the_team(
    care: Care, django_assert_max_num_queries
):
    n = care.network
    url = reverse("coordination:care_plan", kwargs={"client_id": care.marie.pk})
    web = client_for(n.alice)
    _goal(n.alice, care.marie, "Avoir mon appartement", steps=["a", "b"])
    add_member(n.alice, care.marie, worker=n.nurse)
    web.get(url)
    with django_assert_max_num_queries(40) as small:
        web.get(url)
    for i in range(6):
        add_member(n.alice, care.marie, role=CareRole.OTHER, outside_name=f"Pro {i}")
        _goal(n.alice, care.marie, f"Objectif {i}", steps=["x", "y"])
        open_referral(client=care.marie, sender=n.alice, receiver=n.refuge, name=f"Service {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        web.get(url)


def test_client_file_query_count_does_not_grow_with_the_team(
    care: Care, django_assert_max_num_queries
):
    n = care.network
    web = client_for(n.alice)
    add_member(n.alice, care.marie, worker=n.nurse)
    web.get(_detail(care))
    with django_assert_max_num_queries(200) as small:
        web.get(_detail(care))
    for i in range(6):
        add_member(n.alice, care.marie, role=CareRole.OTHER, outside_name=f"Pro {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        web.get(_detail(care))


# --- The coordinators' overview ------------------------------------------------------


def test_overview_is_for_coordinators(care: Care):
    url = reverse("coordination:overview")
    assert client_for(care.network.alice).get(url).status_code == 403
    assert client_for(care.network.root).get(url).status_code == 403
    assert client_for(care.network.alice_admin).get(url).status_code == 200


def test_menu_item_for_coordinators_only(care: Care):
    home = reverse("accounts:home")
    assert b"nav-care-overview" in client_for(care.network.alice_admin).get(home).content
    assert b"nav-care-overview" not in client_for(care.network.alice).get(home).content


def test_overview_counts_partners_and_open_referrals_and_sorts(care: Care):
    n = care.network
    from tests.casework.conftest import register

    other = register(n.alice, "Jean", "Lavoie")
    casework.enrollment_open(
        acting_user=n.alice, client=other, program=n.icm, start_date=today(), primary_worker=n.alice
    )
    for i in range(2):
        open_referral(client=other, sender=n.alice, receiver=n.refuge, name=f"S{i}")
    add_member(n.alice, care.marie, role=CareRole.FAMILY_DOCTOR, outside_name="Dre Lefebvre")
    web = client_for(n.alice_admin)
    url = reverse("coordination:overview")
    rows = web.get(url).context["page_obj"].object_list
    counts = {c.pk: (c.partners, c.open_referrals) for c in rows}
    # Marie: Carrefour (ICM, care team) and Refuge (shelter); Jean: Carrefour and Refuge (referrals).
    assert counts[care.marie.pk] == (2, 0)
    assert counts[other.pk] == (2, 2)
    by_referrals = web.get(url, {"sort": "referrals"}).context["page_obj"].object_list
    assert by_referrals[0].pk == other.pk
    by_name = [c.pk for c in web.get(url, {"sort": "name"}).context["page_obj"].object_list]
    assert by_name == [care.marie.pk, other.pk]  # Côté before Lavoie
    assert AuditEvent.objects.filter(detail__section="care_overview").exists()


def test_overview_counts_only_what_the_coordinator_may_see(care: Care):
    """Refuge's administrator sees Marie (case plan shared) but not another
    client of Carrefour's who shares nothing with Refuge."""
    n = care.network
    from tests.casework.conftest import register

    other = register(n.alice, "Jean", "Lavoie")
    casework.enrollment_open(
        acting_user=n.alice, client=other, program=n.icm, start_date=today(), primary_worker=n.alice
    )
    rows = client_for(n.bob_admin).get(reverse("coordination:overview")).context["page_obj"]
    assert [c.pk for c in rows.object_list] == [care.marie.pk]


def test_overview_query_count_does_not_grow_with_clients(care: Care, django_assert_max_num_queries):
    n = care.network
    from tests.casework.conftest import register

    web = client_for(n.alice_admin)
    url = reverse("coordination:overview")
    # The clock stands still: the session's last activity is not rewritten
    # between the two measures (that write is not the page's cost).
    with time_machine.travel(timezone.now(), tick=False):
        web.get(url)
        with django_assert_max_num_queries(60) as small:
            web.get(url)
        for i in range(5):
            c = register(n.alice, f"Client{i}", "Test")
            open_referral(client=c, sender=n.alice, receiver=n.refuge, name=f"S{i}")
            add_member(n.alice, c, role=CareRole.OTHER, outside_name=f"Pro {i}")
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert len(web.get(url).context["page_obj"].object_list) == 6


def test_break_the_glass_opens_the_care_team_and_is_audited(care: Care):
    from parcours.clients.services import break_glass_open

    add_member(care.network.alice, care.marie, worker=care.network.nurse, contact="poste 204")
    url = reverse("coordination:care_plan", kwargs={"client_id": care.marie.pk})
    web = client_for(care.zoe)
    assert web.get(url).status_code == 404
    grant = break_glass_open(
        acting_user=care.zoe, client=care.marie, reason="Crise la nuit, besoin de joindre l'équipe"
    )
    assert b"poste 204" in web.get(_detail(care)).content
    assert b"Nadia Roy" in web.get(url).content
    assert AuditEvent.objects.filter(
        detail__section="care_plan", detail__break_glass=str(grant.pk)
    ).exists()


def test_a_non_clinical_colleague_and_a_clinical_one_see_the_same_care_team(care: Care):
    """The care team is case-plan information, not clinical: both see it."""
    n = care.network
    add_member(n.alice, care.marie, role=CareRole.PSYCHIATRIST, outside_name="Dr. Walsh")
    for user in (n.nurse, n.alice_admin):
        assert b"Dr. Walsh" in client_for(user).get(_detail(care)).content


def test_pages_render_in_french(care: Care):
    from django.utils import translation

    n = care.network
    member = add_member(n.alice, care.marie, worker=n.nurse)
    with translation.override("fr"):
        urls = [*_client_routes(care, member), _detail(care)]
        web = client_for(n.alice)
        for url in urls:
            assert url.startswith("/fr/")
            assert web.get(url).status_code == 200, url
        assert client_for(n.alice_admin).get(reverse("coordination:overview")).status_code == 200
