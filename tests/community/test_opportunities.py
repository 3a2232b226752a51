"""The opportunities board (issue #19): partners post jobs, volunteering,
training and learning; workers record what their clients look for, see the
matches both ways with the reasons, refer a client through the referral
loop and record the outcome, up to "still there at 3 months". Every partner
reads the opportunities; interests and placements are case-plan client
data under the client's directives; staff outside the network get nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.access import Action, client_access_for, restrict
from parcours.clients.services import lock_box_add
from parcours.community.models import Opportunity, OpportunityInterest, Placement
from parcours.community.selectors.opportunities import (
    client_matches,
    opportunity_matches,
    supply_demand,
)
from parcours.community.services.opportunities import (
    opportunity_close,
    opportunity_refer,
    placement_follow_up,
    placement_record_outcome,
)
from parcours.coordination.models import Referral
from parcours.core.models import AuditAction, AuditEvent
from tests.community.conftest import days_ago, days_ahead, directory_service, interest, opportunity
from tests.conftest import client_for, share
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


def post_data(**changes) -> dict:
    values = {
        "kind": "volunteer",
        "title_fr": "Bénévolat à la banque alimentaire",
        "title_en": "Food bank volunteer",
        "host": "Banque alimentaire du quartier",
        "location": "45, rue Saint-Denis",
        "area": "Centre-Sud",
        "schedule": "weekends",
        "schedule_detail": "Samedi 9 h – 12 h",
        "language": "both",
        "places": "4",
        "closes_on": days_ahead(20).isoformat(),
        "requirements": ["heavy_lifting"],
        "description_fr": "Trier les dons, préparer les paniers.",
        "description_en": "Sort donations, pack baskets.",
    }
    values.update(changes)
    return values


def refer(by, client, opp, reason="Marie veut reprendre le travail; elle a ses bottes."):
    return opportunity_refer(
        acting_user=by, client_access=client_access_for(by, client), opportunity=opp, reason=reason
    )


def share_plan_with_refuge(network, client):
    share(
        client,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )


# --- Posting and finding opportunities -------------------------------------------------------


def test_a_partner_posts_an_opportunity_and_every_partner_finds_it(network):
    web = client_for(network.bob)
    listing = web.get(reverse("community:opportunity_list"))
    assert listing.status_code == 200 and 'id="opportunities-empty"' in listing.content.decode()
    response = web.post(reverse("community:opportunity_new"), post_data())
    assert response.status_code == 302, response.content.decode()
    created = Opportunity.objects.get()
    assert created.organization == network.refuge and created.requirements == ["heavy_lifting"]
    assert created.title == "Bénévolat à la banque alimentaire / Food bank volunteer"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, target_id=str(created.pk)).exists()
    alice = client_for(network.alice)
    page = alice.get(reverse("community:opportunity_list")).content.decode()
    assert "Food bank volunteer" in page and "0 of 4 taken" in page
    detail = alice.get(
        reverse("community:opportunity_detail", kwargs={"opportunity_id": created.pk})
    )
    assert detail.status_code == 200 and 'id="opportunity-edit"' not in detail.content.decode()
    assert "Trier les dons" in detail.content.decode()


def test_the_list_searches_filters_by_kind_sorts_and_hides_closed_ones(network):
    late = opportunity(
        network.alice,
        title_fr="Tutorat en français",
        title_en="French tutoring",
        host="École des adultes",
        kind="learning",
        closes_on=days_ahead(40),
    )
    soon = opportunity(network.alice, closes_on=days_ahead(3))
    done = opportunity(network.alice, title_fr="Ancien poste", title_en="", closes_on=None)
    opportunity_close(acting_user=network.alice, opportunity=done)
    web = client_for(network.alice)
    url = reverse("community:opportunity_list")

    def titles(**params) -> list[str]:
        page = web.get(url, params).context["page_obj"]
        return [o.title for o in page.object_list]

    assert titles() == [soon.title, late.title]
    assert titles(sort="title") == [soon.title, late.title]
    assert titles(sort="newest") == [soon.title, late.title]
    assert titles(kind="learning") == [late.title]
    assert titles(q="tutoring") == [late.title]
    assert titles(q="Laurentides entrepôt") == [soon.title]
    assert done.title in titles(closed="on")
    empty = web.get(url, {"q": "astronaute"}).content.decode()
    assert "No opportunity matches this search." in empty


def test_the_list_is_paginated(network):
    for index in range(22):
        opportunity(network.alice, title_fr=f"Poste {index:02d}", title_en="")
    web = client_for(network.alice)
    first = web.get(reverse("community:opportunity_list"))
    assert len(first.context["page_obj"].object_list) == 20
    second = web.get(reverse("community:opportunity_list"), {"page": 2})
    assert len(second.context["page_obj"].object_list) == 2


def test_the_posting_organization_changes_and_closes_its_own_only(network):
    opp = opportunity(network.bob)
    edit = reverse("community:opportunity_edit", kwargs={"opportunity_id": opp.pk})
    close = reverse("community:opportunity_close", kwargs={"opportunity_id": opp.pk})
    alice = client_for(network.alice)
    assert alice.get(edit).status_code == 403
    assert alice.post(edit, post_data()).status_code == 403
    assert alice.post(close).status_code == 403
    bob = client_for(network.bob)
    assert bob.get(edit).status_code == 200
    assert bob.post(edit, post_data(places="6")).status_code == 302
    assert bob.post(close).status_code == 302
    opp.refresh_from_db()
    assert opp.places == 6 and opp.is_closed
    assert list(restrict(Opportunity.objects.all(), network.alice)) == [opp]
    assert not restrict(Opportunity.objects.all(), network.alice, Action.CHANGE).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"title_fr": "", "title_en": "  "},
            "Give the opportunity a title, in French or in English.",
        ),
        ({"host": ""}, "This field is required."),
        ({"places": "0"}, "greater than or equal to 1"),
        ({"places": "many"}, "Enter a whole number."),
        ({"closes_on": days_ago(1).isoformat()}, "The closing date cannot be in the past."),
        ({"closes_on": "2062-01-01"}, "less than a year from today"),
        ({"kind": "astronaut"}, "Select a valid choice."),
        ({"requirements": ["a_cape"]}, "Select a valid choice."),
        ({"language": "klingon"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(network, changes, message):
    response = client_for(network.alice).post(
        reverse("community:opportunity_new"), post_data(**changes)
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Opportunity.objects.exists()


# --- Interests and matches, both ways --------------------------------------------------------


def test_a_worker_records_interests_and_sees_the_matches_both_ways(network, marie):
    warehouse = opportunity(network.bob)
    opportunity(network.bob, kind="volunteer", title_fr="Bénévolat", title_en="")
    web = client_for(network.alice)
    url = reverse("community:interest_edit", kwargs={"client_id": marie.pk})
    assert web.get(url).status_code == 200
    bad = web.post(url, {"language": "fr"})
    assert bad.status_code == 422 and not OpportunityInterest.objects.exists()
    response = web.post(
        url,
        {
            "kinds": ["job"],
            "language": "fr",
            "area": "centre-sud",
            "available_daytime": "on",
            "lacks": ["safety_boots"],
        },
    )
    assert response.status_code == 302
    saved = OpportunityInterest.objects.get()
    assert saved.organization == network.carrefour and saved.lacks == ["safety_boots"]
    page = web.get(reverse("community:client_opportunities", kwargs={"client_id": marie.pk}))
    text = page.content.decode()
    assert page.status_code == 200 and "Warehouse clerk" in text and "Bénévolat" not in text
    assert "Wants this kind of opportunity: Job." in text
    assert "Requires what the client does not have yet: Safety boots." in text
    # The other way: the opportunity lists Marie, with the same reasons.
    detail = web.get(
        reverse("community:opportunity_detail", kwargs={"opportunity_id": warehouse.pk})
    )
    assert marie.given_name in detail.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, client_id=marie.pk, detail__section="opportunity_matches"
    ).exists()
    # Saving again changes the same record; "no longer looking" ends the matches.
    interest(network.alice, marie, kinds=["volunteer"])
    assert OpportunityInterest.objects.count() == 1
    ended = web.post(reverse("community:interest_end", kwargs={"interest_id": saved.pk}))
    assert ended.status_code == 302
    assert client_matches(client_access_for(network.alice, marie)) == []


def test_the_client_file_shows_the_opportunities_panel(network, marie):
    interest(network.alice, marie)
    opportunity(network.bob)
    panel = render_to_string(
        "community/_client_file_opportunities.html",
        {"client_access": client_access_for(network.alice, marie)},
    )
    assert 'id="opportunities"' in panel and "1 open opportunity fits." in panel
    assert 'id="opportunities-interest"' in panel
    page = client_for(network.alice).get(
        reverse("clients:detail", kwargs={"client_id": marie.pk}), {"tab": "care"}
    )
    assert 'id="opportunities"' in page.content.decode()


def test_a_partner_sees_a_clients_interest_only_with_their_case_plan_and_identity(network, marie):
    opp = opportunity(network.bob)
    interest(network.alice, marie)
    assert opportunity_matches(network.bob, opp) == []
    assert not restrict(OpportunityInterest.objects.all(), network.bob).exists()
    share(marie, by=network.alice, categories=["case_plan"], all_partners=True)
    # The case plan without the identity: the client is not shown by name.
    assert opportunity_matches(network.bob, opp) == []
    share_plan_with_refuge(network, marie)
    assert [m.interest.client_id for m in opportunity_matches(network.bob, opp)] == [marie.pk]
    assert not restrict(OpportunityInterest.objects.all(), network.bob, Action.CHANGE).exists()


def test_a_lock_boxed_interest_is_hidden(network, marie):
    opp = opportunity(network.bob)
    recorded = interest(network.alice, marie)
    share_plan_with_refuge(network, marie)
    assert list(restrict(OpportunityInterest.objects.all(), network.bob)) == [recorded]
    lock_box_add(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        organization=network.refuge,
        target=recorded,
        reason="Marie ne veut pas que le refuge sache qu'elle cherche un emploi.",
    )
    assert not restrict(OpportunityInterest.objects.all(), network.bob).exists()
    assert opportunity_matches(network.bob, opp) == []
    assert client_matches(client_access_for(network.bob, marie)) == []
    page = client_for(network.bob).get(
        reverse("community:client_opportunities", kwargs={"client_id": marie.pk})
    )
    assert 'id="interests-empty"' in page.content.decode()


# --- Referral and outcomes -------------------------------------------------------------------


def test_refer_sends_a_referral_of_the_loop_and_follows_the_outcome(network, marie):
    opp = opportunity(network.bob, places=1)
    service = directory_service(network.refuge)
    interest(network.alice, marie)
    share_plan_with_refuge(network, marie)
    web = client_for(network.alice)
    url = reverse(
        "community:opportunity_refer", kwargs={"client_id": marie.pk, "opportunity_id": opp.pk}
    )
    assert web.post(url, {"reason": " "}).status_code == 422
    assert not Placement.objects.exists() and not Referral.objects.exists()
    response = web.post(url, {"reason": "Marie veut travailler de jour."})
    assert response.status_code == 302 and response["Location"].endswith("#opportunities")
    placement = Placement.objects.get()
    referral = placement.referral
    assert referral is not None and referral.service == service
    assert referral.status == "sent" and referral.receiving_organization == network.refuge
    assert referral.organization == network.carrefour and placement.status == "referred"
    # Referred once only; a referred client no longer "fits" it.
    with pytest.raises(ValidationError, match="already referred"):
        refer(network.alice, marie, opp)
    assert client_matches(client_access_for(network.alice, marie)) == []
    # The posting organization records the start; the place is taken.
    placement_record_outcome(
        acting_user=network.bob, placement=placement, status="started", on=days_ago(2)
    )
    other = ClientFactory(registered_by=network.alice)
    with pytest.raises(ValidationError, match="No place is left"):
        refer(network.alice, other, opp)
    detail = web.get(reverse("community:placement_detail", kwargs={"placement_id": placement.pk}))
    assert detail.status_code == 200 and "Started" in detail.content.decode()
    done = web.post(
        reverse("community:placement_detail", kwargs={"placement_id": placement.pk}),
        {"step": "outcome", "status": "completed", "on": days_ago(1).isoformat()},
    )
    assert done.status_code == 302
    placement.refresh_from_db()
    assert placement.status == "completed" and placement.ended_on == days_ago(1)


def test_no_referral_without_a_directory_service_or_the_clients_consent(network, marie):
    opp = opportunity(network.bob)
    with pytest.raises(ValidationError, match="no active service in the directory"):
        refer(network.alice, marie, opp)
    directory_service(network.refuge)
    with pytest.raises(ValidationError) as refused:
        refer(network.alice, marie, opp)
    assert "beyond_consent_reason" in refused.value.message_dict
    assert not Placement.objects.exists() and not Referral.objects.exists()
    closed = opportunity_close(acting_user=network.bob, opportunity=opportunity(network.bob))
    with pytest.raises(ValidationError, match="closed"):
        refer(network.alice, marie, closed)


def test_the_outcome_moves_forward_only_and_never_into_the_future(network, marie):
    opp = opportunity(network.bob)
    directory_service(network.refuge)
    share_plan_with_refuge(network, marie)
    placement = refer(network.alice, marie, opp)
    for status, on, message in [
        ("completed", days_ago(1), "cannot move to that status"),
        ("started", days_ahead(1), "cannot be in the future"),
        ("started", None, "Enter the date."),
    ]:
        with pytest.raises(ValidationError, match=message):
            placement_record_outcome(
                acting_user=network.alice, placement=placement, status=status, on=on
            )
    started = placement_record_outcome(
        acting_user=network.alice, placement=placement, status="started", on=days_ago(5)
    )
    with pytest.raises(ValidationError, match="before the start"):
        placement_record_outcome(
            acting_user=network.alice, placement=started, status="ended_early", on=days_ago(6)
        )
    outsider = UserFactory(organization=network.hospital)
    with pytest.raises(PermissionDenied):
        placement_record_outcome(
            acting_user=outsider, placement=started, status="completed", on=days_ago(1)
        )
    placement.refresh_from_db()
    assert placement.status == "started" and placement.ended_on is None


def test_still_there_at_3_months_is_recorded_from_90_days_after_the_start(network, marie):
    opp = opportunity(network.bob)
    directory_service(network.refuge)
    share_plan_with_refuge(network, marie)
    placement = refer(network.alice, marie, opp)
    with pytest.raises(ValidationError, match="after the client started"):
        placement_follow_up(
            acting_user=network.alice,
            placement=placement,
            still_there=True,
            on=timezone.localdate(),
        )
    start = timezone.localdate()
    placement = placement_record_outcome(
        acting_user=network.alice, placement=placement, status="started", on=start
    )
    with time_machine.travel(timezone.now() + dt.timedelta(days=89), tick=False):
        today = timezone.localdate()
        with pytest.raises(
            ValidationError, match="from " + (start + dt.timedelta(days=90)).isoformat()
        ):
            placement_follow_up(
                acting_user=network.alice, placement=placement, still_there=True, on=today
            )
        url = reverse("community:placement_detail", kwargs={"placement_id": placement.pk})
        refused = client_for(network.alice).post(
            url, {"step": "follow_up", "still_there": "yes", "on": today.isoformat()}
        )
        assert refused.status_code == 422
    placement.refresh_from_db()
    assert placement.retained_at_3_months is None and placement.followed_up_on is None
    with time_machine.travel(timezone.now() + dt.timedelta(days=91), tick=False):
        today = timezone.localdate()
        with pytest.raises(ValidationError, match="future"):
            placement_follow_up(
                acting_user=network.alice,
                placement=placement,
                still_there=True,
                on=today + dt.timedelta(days=1),
            )
        done = placement_follow_up(
            acting_user=network.alice, placement=placement, still_there=True, on=today
        )
    assert done.retained_at_3_months is True and done.followed_up_on == today
    assert (
        AuditEvent.objects.filter(target_id=str(placement.pk), action=AuditAction.UPDATE).count()
        == 2
    )


# --- Supply and demand -----------------------------------------------------------------------


def test_supply_and_demand_counts_clients_and_places_for_coordinators(network, marie):
    interest(network.alice, marie, kinds=["job", "volunteer"])
    paul = ClientFactory(registered_by=network.bob)
    interest(network.bob, paul, kinds=["job"])
    interest(network.alice, ClientFactory(registered_by=network.alice), kinds=["job"])
    gone = ClientFactory(registered_by=network.alice)
    ended = interest(network.alice, gone, kinds=["job"])
    ended.ended_at = timezone.now()
    ended.save()
    opportunity(network.bob, places=3)
    opportunity(network.alice, kind="volunteer", places=5)
    closed = opportunity(network.alice, places=10)
    opportunity_close(acting_user=network.alice, opportunity=closed)
    rows = {row.kind: row for row in supply_demand(network.alice_admin)}
    assert (rows["job"].clients, rows["job"].opportunities, rows["job"].places) == (3, 1, 3)
    assert (rows["volunteer"].clients, rows["volunteer"].places) == (1, 5)
    assert (rows["training"].clients, rows["training"].places) == (0, 0)
    url = reverse("community:opportunity_supply_demand")
    assert client_for(network.alice).get(url).status_code == 403
    page = client_for(network.alice_admin).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="supply-demand-job"' in text and marie.family_name not in text


# --- Who may do what -------------------------------------------------------------------------


def test_staff_outside_the_network_without_an_organization_or_signed_out_get_nothing(
    network, marie
):
    opp = opportunity(network.alice)
    interest(network.alice, marie)
    directory_service(network.carrefour)
    placement = refer(network.alice, marie, opp)
    nurse = UserFactory(organization=network.hospital)
    urls = [
        reverse("community:opportunity_list"),
        reverse("community:opportunity_new"),
        reverse("community:opportunity_supply_demand"),
        reverse("community:opportunity_detail", kwargs={"opportunity_id": opp.pk}),
        reverse("community:opportunity_edit", kwargs={"opportunity_id": opp.pk}),
        reverse("community:client_opportunities", kwargs={"client_id": marie.pk}),
        reverse("community:interest_edit", kwargs={"client_id": marie.pk}),
        reverse(
            "community:opportunity_refer", kwargs={"client_id": marie.pk, "opportunity_id": opp.pk}
        ),
        reverse("community:placement_detail", kwargs={"placement_id": placement.pk}),
    ]
    for user in (nurse, network.root):
        web = client_for(user)
        for url in urls:
            assert web.get(url).status_code in (403, 404), (user, url)
        for model in (Opportunity, OpportunityInterest, Placement):
            assert not restrict(model.objects.all(), user).exists()
    signed_out = client_for(None)
    for url in urls:
        response = signed_out.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    with pytest.raises(PermissionDenied):
        opportunity(nurse)
    assert Opportunity.objects.count() == 1


def test_a_partner_without_the_clients_consent_gets_404_and_writes_nothing(network, marie):
    opp = opportunity(network.bob)
    interest(network.alice, marie)
    directory_service(network.alice.organization)
    placement = refer(network.alice, marie, opportunity(network.alice))
    bob = client_for(network.bob)
    for url in (
        reverse("community:client_opportunities", kwargs={"client_id": marie.pk}),
        reverse("community:interest_edit", kwargs={"client_id": marie.pk}),
        reverse(
            "community:opportunity_refer", kwargs={"client_id": marie.pk, "opportunity_id": opp.pk}
        ),
        reverse("community:placement_detail", kwargs={"placement_id": placement.pk}),
    ):
        assert bob.get(url).status_code == 404, url
        posted = bob.post(url, {"reason": "x", "kinds": ["job"], "language": "fr"})
        assert posted.status_code in (404, 405), url
    # Identity shared, not the case plan: the client is seen, their interests are not written.
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    url = reverse("community:interest_edit", kwargs={"client_id": marie.pk})
    assert (
        bob.post(url, {"kinds": ["job"], "language": "fr", "available_daytime": "on"}).status_code
        == 403
    )
    assert OpportunityInterest.objects.count() == 1 and Placement.objects.count() == 1


# --- Cost ------------------------------------------------------------------------------------


def _queries(web, url) -> int:
    """Queries of a page, less the read events it writes (one per client shown,
    with the audit chain's advisory lock on PostgreSQL)."""
    with CaptureQueriesContext(connection) as queries:
        assert web.get(url).status_code == 200
    audit = ("core_auditevent", "pg_advisory_xact_lock")
    return sum(1 for q in queries.captured_queries if not any(a in q["sql"] for a in audit))


def test_the_list_pages_cost_a_fixed_number_of_queries(network, marie):
    web = client_for(network.alice)
    directory_service(network.carrefour)
    first = opportunity(network.alice)
    interest(network.alice, marie)
    refer(network.alice, marie, first)
    urls = [
        reverse("community:opportunity_list"),
        reverse("community:opportunity_detail", kwargs={"opportunity_id": first.pk}),
        reverse("community:client_opportunities", kwargs={"client_id": marie.pk}),
    ]
    for url in urls:
        web.get(url)
    few = {url: _queries(web, url) for url in urls}
    for index in range(6):
        posted = opportunity(network.alice, title_fr=f"Poste {index}", title_en="")
        refer(network.alice, ClientFactory(registered_by=network.alice), posted)
    for person in [ClientFactory(registered_by=network.alice) for _ in range(5)]:
        interest(network.alice, person)
    for url in urls:
        assert _queries(web, url) == few[url], url
