"""Who sees a client, and what of them: the consent directive governs it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.access import client_access_for, clients_visible_to
from parcours.clients import services
from parcours.clients.models import (
    BreakGlassAccess,
    Client,
    ConsentDirective,
    ConsentLockBox,
    PathwayStage,
    Visit,
)
from parcours.core.models import AuditAction, AuditEvent
from tests.conftest import client_for, share

DB_TABLES = (
    Client,
    ConsentDirective,
    ConsentLockBox,
    Visit,
    PathwayStage,
    BreakGlassAccess,
    AuditEvent,
)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in DB_TABLES)


def _visit(by, client):
    return services.visit_record(
        acting_user=by,
        client_access=client_access_for(by, client),
        needs=["food"],
        services=[services.ServiceGiven(kind="meal")],
    )


# --- the route × persona matrix ------------------------------------------------

CLIENT_ROUTES = [
    ("get", "/fr/clients/{id}/"),
    ("get", "/fr/clients/{id}/edit/"),
    ("post", "/fr/clients/{id}/edit/"),
    ("get", "/fr/clients/{id}/visits/new/"),
    ("post", "/fr/clients/{id}/visits/new/"),
    ("post", "/fr/clients/{id}/pathway/"),
    ("get", "/fr/clients/{id}/consents/new/"),
    ("post", "/fr/clients/{id}/consents/new/"),
    ("get", "/fr/clients/{id}/lock-boxes/new/"),
    ("post", "/fr/clients/{id}/lock-boxes/new/"),
    ("post", "/fr/clients/{id}/aliases/"),
]

VALID_POSTS = {
    "/fr/clients/{id}/edit/": {
        "given_name": "Intrus",
        "family_name": "X",
        "version": 1,
        "preferred_language": "fr",
    },
    "/fr/clients/{id}/visits/new/": {"occurred_at": "2026-01-01T10:00", "svc_meal": "on"},
    "/fr/clients/{id}/pathway/": {"stage": "safety", "entered_on": "2026-01-01"},
    "/fr/clients/{id}/consents/new/": {
        "all_partners": "on",
        "categories": ["identity"],
        "start_date": "2026-01-01",
        "method": "written",
    },
    "/fr/clients/{id}/lock-boxes/new/": {"organization": "", "category": "housing"},
    "/fr/clients/{id}/aliases/": {"kind": "nickname", "given_name": "Mimi"},
}


@pytest.mark.parametrize(("method", "route"), CLIENT_ROUTES)
def test_anonymous_visitor_is_sent_to_sign_in_and_nothing_is_written(network, marie, method, route):
    before = counts()
    response = getattr(client_for(None), method)(
        route.format(id=marie.pk), VALID_POSTS.get(route, {})
    )
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert counts() == before


@pytest.mark.parametrize(("method", "route"), CLIENT_ROUTES)
def test_other_partner_without_consent_gets_404_and_nothing_is_written(
    network, marie, method, route
):
    web = client_for(network.bob)
    before = counts()
    response = getattr(web, method)(route.format(id=marie.pk), VALID_POSTS.get(route, {}))
    assert response.status_code == 404
    assert counts() == before


@pytest.mark.parametrize(("method", "route"), CLIENT_ROUTES)
def test_superuser_without_organization_sees_no_client(network, marie, method, route):
    web = client_for(network.root)
    before = counts()
    response = getattr(web, method)(route.format(id=marie.pk), VALID_POSTS.get(route, {}))
    assert response.status_code == 403
    assert counts() == before


def test_registering_organization_opens_the_file_and_the_read_is_audited(network, marie):
    response = client_for(network.alice).get(f"/fr/clients/{marie.pk}/")
    assert response.status_code == 200
    assert "Marie-Ève" in response.content.decode()
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == AuditAction.VIEW
    assert event.client_id == marie.pk
    assert event.actor == network.alice


def test_a_colleague_of_the_same_partner_sees_the_client_too(network, marie):
    assert client_for(network.nurse).get(f"/fr/clients/{marie.pk}/").status_code == 200


def test_a_client_that_does_not_exist_is_a_404(network):
    assert (
        client_for(network.alice)
        .get("/fr/clients/00000000-0000-0000-0000-000000000000/")
        .status_code
        == 404
    )


# --- consent ----------------------------------------------------------------------


def test_consent_for_identity_lets_another_partner_see_the_client_but_not_other_categories(
    network, marie
):
    _visit(network.alice, marie)
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    bob = client_for(network.bob)
    html = bob.get(f"/fr/clients/{marie.pk}/?tab=identity").content.decode()
    assert "Marie-Ève" in html
    assert "1234567890AB" in html  # identity and contact
    visits = bob.get(f"/fr/clients/{marie.pk}/?tab=visits").content.decode()
    assert "Repas" not in visits  # the hub's visit is case-plan information
    assert "Aucune visite que vous pouvez voir." in visits


def test_consent_for_the_case_plan_shows_other_partners_visits(network, marie):
    _visit(network.alice, marie)
    share(
        marie,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )
    html = client_for(network.bob).get(f"/fr/clients/{marie.pk}/?tab=visits").content.decode()
    assert "Repas" in html


def test_withdrawal_takes_effect_on_the_next_request(network, marie):
    directive = share(marie, by=network.alice, categories=["identity"], all_partners=True)
    bob = client_for(network.bob)
    assert bob.get(f"/fr/clients/{marie.pk}/").status_code == 200
    response = client_for(network.alice).post(
        f"/fr/consents/{directive.pk}/withdraw/", {"reason": "Demande de la cliente"}
    )
    assert response.status_code == 302
    assert bob.get(f"/fr/clients/{marie.pk}/").status_code == 404
    assert marie not in clients_visible_to(network.bob)


def test_withdrawing_asks_for_confirmation_first(network, marie):
    directive = share(marie, by=network.alice, categories=["identity"], all_partners=True)
    html = client_for(network.alice).get(f"/en/consents/{directive.pk}/withdraw/").content.decode()
    assert "will stop seeing" in html
    directive.refresh_from_db()
    assert directive.withdrawn_at is None


def test_an_expired_directive_shares_nothing(network, marie):
    today = timezone.localdate()
    share(
        marie,
        by=network.alice,
        categories=["identity"],
        all_partners=True,
        start_date=today - dt.timedelta(days=400),
        end_date=today - dt.timedelta(days=35),
    )
    assert client_for(network.bob).get(f"/fr/clients/{marie.pk}/").status_code == 404


def test_a_future_directive_does_not_share_yet(network, marie):
    today = timezone.localdate()
    share(
        marie,
        by=network.alice,
        categories=["identity"],
        all_partners=True,
        start_date=today + dt.timedelta(days=3),
    )
    assert marie not in clients_visible_to(network.bob)


def test_a_category_lock_box_overrides_a_network_wide_directive(network, marie):
    share(marie, by=network.alice, categories=["identity", "case_plan"], all_partners=True)
    services.lock_box_add(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        organization=network.refuge,
        category="identity",
    )
    assert client_for(network.bob).get(f"/fr/clients/{marie.pk}/").status_code == 404


def test_a_record_lock_box_hides_one_visit_from_one_partner(network, marie):
    share(marie, by=network.alice, categories=["identity", "case_plan"], all_partners=True)
    kept = services.visit_record(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        site="Clinique confidentielle",
        services=[services.ServiceGiven(kind="harm_reduction")],
    )
    services.visit_record(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        site="Accueil de jour",
    )
    services.lock_box_add(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        organization=network.refuge,
        target=kept,
    )
    html = client_for(network.bob).get(f"/fr/clients/{marie.pk}/").content.decode()
    assert "Accueil de jour" in html
    assert "Clinique confidentielle" not in html
    assert (
        "Clinique confidentielle"
        in client_for(network.alice).get(f"/fr/clients/{marie.pk}/").content.decode()
    )


def test_clinical_information_is_for_clinical_disciplines_only(network, marie):
    share(marie, by=network.alice, categories=["identity", "clinical"], all_partners=True)
    assert "clinical" not in client_access_for(network.alice, marie).categories
    assert "clinical" in client_access_for(network.nurse, marie).categories
    assert "clinical" not in client_access_for(network.bob, marie).categories


def test_consent_form_refuses_bad_input_with_translated_messages_and_writes_nothing(network, marie):
    web = client_for(network.alice)
    before = counts()
    html = web.post(
        f"/fr/clients/{marie.pk}/consents/new/",
        {
            "categories": ["identity"],
            "start_date": "2026-05-02",
            "end_date": "2026-05-01",
            "method": "verbal",
        },
    ).content.decode()
    assert "La date de fin précède la date de début." in html
    assert "Choisissez les partenaires" in html
    assert "Un consentement verbal" in html
    assert counts() == before
    html = web.post(
        f"/en/clients/{marie.pk}/consents/new/",
        {
            "organizations": [str(network.hospital.pk)],
            "categories": ["identity"],
            "start_date": "2026-05-01",
            "method": "written",
        },
    ).content.decode()
    assert "Select a valid choice" in html  # the external hospital is not offered at all
    assert counts() == before


def test_consent_form_records_a_directive_with_a_default_end_of_one_year(network, marie):
    response = client_for(network.alice).post(
        f"/fr/clients/{marie.pk}/consents/new/",
        {
            "organizations": [str(network.refuge.pk)],
            "categories": ["identity", "housing"],
            "start_date": "2026-05-01",
            "method": "written",
        },
    )
    assert response.status_code == 302
    directive = ConsentDirective.objects.get(client=marie)
    assert directive.end_date == dt.date(2027, 5, 1)
    assert directive.categories == ["identity", "housing"]
    assert list(directive.organizations.all()) == [network.refuge]


# --- break the glass ---------------------------------------------------------------


def test_break_the_glass_opens_a_client_outside_consent_for_a_while(network, marie):
    bob = client_for(network.bob)
    before = counts()
    html = bob.post(
        "/fr/clients/emergency-access/", {"identifier": "1234 567 890 AB", "reason": "court"}
    ).content.decode()
    assert "au moins 10 caractères" in html
    assert counts() == before
    html = bob.post(
        "/fr/clients/emergency-access/",
        {"identifier": "Marie", "reason": "Trouvée inconsciente devant le refuge"},
    ).content.decode()
    assert "Aucun dossier ne correspond exactement" in html
    assert counts() == before

    response = bob.post(
        "/fr/clients/emergency-access/",
        {"identifier": "1234 567 890 AB", "reason": "Trouvée inconsciente devant le refuge"},
    )
    assert response.status_code == 302
    grant = BreakGlassAccess.objects.get()
    assert AuditEvent.objects.filter(
        action=AuditAction.BREAK_GLASS, client_id=marie.pk, actor=network.bob
    ).exists()
    html = bob.get(f"/fr/clients/{marie.pk}/").content.decode()
    assert "accès d'urgence" in html.lower()
    view = (
        AuditEvent.objects.filter(action=AuditAction.VIEW, client_id=marie.pk)
        .order_by("-id")
        .first()
    )
    assert view.detail["break_glass"] == str(grant.pk)

    # Hours later, the access has ended by itself.
    BreakGlassAccess.objects.filter(pk=grant.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=5),
        expires_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert bob.get(f"/fr/clients/{marie.pk}/").status_code == 404


def test_emergency_access_appears_on_the_coordinators_review_list_until_reviewed(network, marie):
    grant = services.break_glass_open(
        acting_user=network.bob, client=marie, reason="Urgence médicale la nuit"
    )
    admin = client_for(network.bob_admin)
    assert "Urgence médicale la nuit" in admin.get("/fr/emergency-access/reviews/").content.decode()
    assert (
        client_for(network.alice_admin)
        .get("/fr/emergency-access/reviews/")
        .content.decode()
        .count("Urgence médicale")
        == 0
    )
    assert client_for(network.bob).get("/fr/emergency-access/reviews/").status_code == 403
    admin.post(f"/fr/emergency-access/reviews/{grant.pk}/", {"note": "Justifié"})
    grant.refresh_from_db()
    assert grant.reviewed_by == network.bob_admin
    assert (
        "Urgence médicale la nuit"
        not in admin.get("/fr/emergency-access/reviews/").content.decode()
    )


# --- query counts -----------------------------------------------------------------


def _detail_queries(user, client) -> int:
    web = client_for(user)
    web.get(f"/fr/clients/{client.pk}/")
    with CaptureQueriesContext(connection) as ctx:
        assert web.get(f"/fr/clients/{client.pk}/").status_code == 200
    return len(ctx.captured_queries)


def test_client_file_query_count_does_not_grow_with_visits_and_consents(network, marie):
    _visit(network.alice, marie)
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    baseline = _detail_queries(network.alice, marie)
    for _ in range(8):
        _visit(network.alice, marie)
        share(
            marie,
            by=network.alice,
            categories=["identity", "housing"],
            organizations=[network.refuge],
        )
    assert _detail_queries(network.alice, marie) == baseline


# --- the other routes -----------------------------------------------------------


def test_other_partner_cannot_withdraw_consent_link_records_or_remove_lock_boxes(network, marie):
    directive = share(
        marie, by=network.alice, categories=["housing"], organizations=[network.refuge]
    )
    box = services.lock_box_add(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        organization=network.refuge,
        category="case_plan",
    )
    anonymous = services.client_register(
        acting_user=network.alice, is_anonymous=True, approximate_age=30
    )
    bob = client_for(network.bob)
    before = counts()
    assert bob.get(f"/fr/consents/{directive.pk}/withdraw/").status_code == 404
    assert bob.post(f"/fr/consents/{directive.pk}/withdraw/").status_code == 404
    assert bob.post(f"/fr/clients/{marie.pk}/lock-boxes/{box.pk}/remove/").status_code == 404
    assert bob.get(f"/fr/clients/{anonymous.pk}/link/").status_code == 404
    assert (
        bob.post(f"/fr/clients/{anonymous.pk}/link/", {"named_client": str(marie.pk)}).status_code
        == 404
    )
    assert counts() == before
    directive.refresh_from_db()
    box.refresh_from_db()
    assert directive.withdrawn_at is None and box.removed_at is None


def test_partner_with_identity_consent_cannot_manage_lock_boxes(network, marie):
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    bob = client_for(network.bob)
    before = counts()
    response = bob.post(
        f"/fr/clients/{marie.pk}/lock-boxes/new/",
        {"organization": str(network.refuge.pk), "category": "housing"},
    )
    assert response.status_code == 404
    assert counts() == before


def test_partner_with_identity_only_cannot_move_the_pathway(network, marie):
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    bob = client_for(network.bob)
    before = counts()
    response = bob.post(
        f"/fr/clients/{marie.pk}/pathway/", {"stage": "visit", "entered_on": "2026-01-01"}
    )
    assert response.status_code == 404
    assert counts() == before


def test_partner_with_case_plan_consent_can_record_a_visit_and_move_the_pathway(network, marie):
    share(
        marie,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )
    bob = client_for(network.bob)
    assert (
        bob.post(
            f"/fr/clients/{marie.pk}/visits/new/",
            {"occurred_at": "2026-01-01T10:00", "svc_shower": "on"},
        ).status_code
        == 302
    )
    assert (
        bob.post(
            f"/fr/clients/{marie.pk}/pathway/", {"stage": "visit", "entered_on": "2026-01-01"}
        ).status_code
        == 302
    )
    visit = Visit.objects.get()
    assert visit.organization == network.refuge


def test_other_partner_cannot_acknowledge_an_alert_it_does_not_follow(network, marie):
    client_access = client_access_for(network.alice, marie)
    services.pathway_move(acting_user=network.alice, client_access=client_access, stage="support")
    step = services.pathway_move(
        acting_user=network.alice, client_access=client_access, stage="visit", reason="Rechute"
    )
    bob = client_for(network.bob)
    before = counts()
    assert bob.post(f"/fr/alerts/{step.alert.pk}/acknowledge/").status_code == 404
    assert counts() == before


@pytest.mark.parametrize(
    "route",
    [
        "/fr/clients/",
        "/fr/clients/new/",
        "/fr/alerts/",
        "/fr/services/totals/",
        "/fr/clients/emergency-access/",
    ],
)
def test_pages_for_partner_staff_only(network, route):
    assert client_for(None).get(route).status_code == 302
    assert client_for(network.root).get(route).status_code == 403
    assert client_for(network.bob).get(route).status_code == 200


def test_emergency_review_list_is_for_coordinators(network):
    assert client_for(network.alice).get("/fr/emergency-access/reviews/").status_code == 403
    assert client_for(network.alice_admin).get("/fr/emergency-access/reviews/").status_code == 200
    # A network administrator reviews nothing by being one (security finding 12).
    assert client_for(network.root).get("/fr/emergency-access/reviews/").status_code == 403


def test_nobody_reviews_their_own_emergency_access(network, marie):
    grant = services.break_glass_open(
        acting_user=network.alice_admin, client=marie, reason="Urgence la nuit, allergies"
    )
    client_for(network.alice_admin).post(
        f"/fr/emergency-access/reviews/{grant.pk}/", {"note": "ok"}
    )
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def test_access_log_is_shown_to_the_registering_coordinators_only(network, marie):
    share(marie, by=network.alice, categories=["identity"], all_partners=True)
    client_for(network.bob).get(f"/en/clients/{marie.pk}/")
    assert (
        "Who accessed this record"
        in client_for(network.alice_admin)
        .get(f"/en/clients/{marie.pk}/?tab=identity")
        .content.decode()
    )
    assert (
        "Who accessed this record"
        not in client_for(network.alice)
        .get(f"/en/clients/{marie.pk}/?tab=identity")
        .content.decode()
    )
    assert (
        "Who accessed this record"
        not in client_for(network.bob_admin)
        .get(f"/en/clients/{marie.pk}/?tab=identity")
        .content.decode()
    )


def test_emergency_access_alone_does_not_let_staff_change_the_clients_consent(network, marie):
    directive = share(marie, by=network.alice, categories=["housing"], all_partners=True)
    services.break_glass_open(
        acting_user=network.bob, client=marie, reason="Trouvée inconsciente, allergies?"
    )
    bob = client_for(network.bob)
    assert bob.get(f"/fr/clients/{marie.pk}/").status_code == 200
    before = counts()
    assert (
        bob.post(
            f"/fr/clients/{marie.pk}/consents/new/",
            {
                "all_partners": "on",
                "categories": ["clinical"],
                "start_date": "2026-01-01",
                "method": "written",
            },
        ).status_code
        == 404
    )
    assert bob.post(f"/fr/consents/{directive.pk}/withdraw/").status_code == 404
    assert counts() == before


def test_a_partner_the_client_shares_identity_with_may_record_the_clients_withdrawal(
    network, marie
):
    directive = share(
        marie, by=network.alice, categories=["identity"], organizations=[network.refuge]
    )
    response = client_for(network.bob).post(
        f"/fr/consents/{directive.pk}/withdraw/", {"reason": "Dit au refuge"}
    )
    assert response.status_code == 302
    directive.refresh_from_db()
    assert directive.withdrawn_by == network.bob


def test_a_health_card_typed_with_spaces_is_found(network, marie):
    html = client_for(network.alice).get("/en/clients/", {"q": "1234 567 890 ab"}).content.decode()
    assert "Marie-Ève Côté" in html


def test_client_records_are_not_in_the_admin_site(network):
    from django.contrib import admin

    from parcours.clients.models import ReferenceOption

    assert ReferenceOption in admin.site._registry
    for model in (Client, ConsentDirective, Visit, PathwayStage, BreakGlassAccess):
        assert model not in admin.site._registry


def test_client_search_query_count_does_not_grow_with_results(network):
    from tests.factories import ClientFactory

    web = client_for(network.alice)

    def queries() -> int:
        web.get("/fr/clients/", {"q": "a"})
        with CaptureQueriesContext(connection) as ctx:
            assert web.get("/fr/clients/", {"q": "a"}).status_code == 200
        return len(ctx.captured_queries)

    ClientFactory(registered_by=network.alice, given_name="Anne", family_name="Aubin")
    baseline = queries()
    for i in range(15):
        ClientFactory(registered_by=network.alice, given_name=f"Alain{i}", family_name="Arsenault")
    assert queries() == baseline


# --- findings of the privacy review ---------------------------------------------


def test_a_partner_that_sees_identity_cannot_widen_the_consent_to_itself(network, marie):
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    bob = client_for(network.bob)
    before = counts()
    response = bob.post(
        f"/fr/clients/{marie.pk}/consents/new/",
        {
            "organizations": [str(network.refuge.pk)],
            "categories": ["case_plan", "financial"],
            "start_date": "2026-01-01",
            "method": "written",
        },
    )
    assert response.status_code == 404
    assert counts() == before
    assert "case_plan" not in client_access_for(network.bob, marie).categories


def test_alerts_and_pathway_steps_respect_lock_boxes(network, marie):
    share(
        marie,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )
    client_access = client_access_for(network.alice, marie)
    services.pathway_move(acting_user=network.alice, client_access=client_access, stage="support")
    step = services.pathway_move(
        acting_user=network.alice,
        client_access=client_access,
        stage="visit",
        reason="Hospitalisation en psychiatrie",
    )
    bob = client_for(network.bob)
    assert "Hospitalisation en psychiatrie" in bob.get(f"/fr/clients/{marie.pk}/").content.decode()
    box = services.lock_box_add(
        acting_user=network.alice,
        client_access=client_access,
        organization=network.refuge,
        target=step,
    )
    assert (
        "Hospitalisation en psychiatrie" not in bob.get(f"/fr/clients/{marie.pk}/").content.decode()
    )
    assert "Hospitalisation en psychiatrie" not in bob.get("/fr/alerts/").content.decode()
    services.lock_box_remove(acting_user=network.alice, box=box)
    assert "Hospitalisation en psychiatrie" in bob.get("/fr/alerts/").content.decode()
    services.lock_box_add(
        acting_user=network.alice,
        client_access=client_access,
        organization=network.refuge,
        category="case_plan",
    )
    assert "Hospitalisation en psychiatrie" not in bob.get("/fr/alerts/").content.decode()


def test_opening_the_identity_form_and_listing_clients_are_audited(network, marie):
    web = client_for(network.alice)
    web.get(f"/fr/clients/{marie.pk}/edit/")
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, client_id=marie.pk, detail__section="identity_form"
    ).exists()
    web.get("/fr/clients/")
    listed = AuditEvent.objects.filter(action=AuditAction.SEARCH).order_by("-id").first()
    assert listed.detail["clients"] == [str(marie.pk)]


def test_a_coordinator_role_elsewhere_does_not_make_a_coordinator_here(network):
    from parcours.access import is_coordinator
    from parcours.accounts.models import MembershipRole
    from tests.factories import ProgramMembershipFactory

    ProgramMembershipFactory(
        user=network.alice, program=network.shelter_program, role=MembershipRole.COORDINATOR
    )
    assert not is_coordinator(network.alice)
    network.alice.program_memberships.filter(program=network.icm).update(
        role=MembershipRole.COORDINATOR
    )
    assert is_coordinator(network.alice)


def test_the_emergency_access_screen_needs_the_full_name_with_the_exact_date_of_birth(
    network, marie
):
    """The screen and the API open emergency access through one service:
    the same exact-match rule, the same audit, the same review."""
    bob = client_for(network.bob)
    reason = "Trouvée inconsciente devant le refuge"
    before = counts()
    for identifier, born in (("Marie-Ève Côté", "1984-03-10"), ("Marie Côté", "1984-03-09")):
        html = bob.post(
            "/fr/clients/emergency-access/",
            {"identifier": identifier, "date_of_birth": born, "reason": reason},
        ).content.decode()
        assert "Aucun dossier ne correspond exactement" in html
    assert counts() == before
    response = bob.post(
        "/fr/clients/emergency-access/",
        {"identifier": "marie-eve cote", "date_of_birth": "1984-03-09", "reason": reason},
    )
    assert response.status_code == 302
    grant = BreakGlassAccess.objects.get()
    assert (grant.client, grant.user, grant.reviewed_at) == (marie, network.bob, None)
