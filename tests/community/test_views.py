"""The tracker screens: the "Income and documents" section of the client file,
the client's trackers page, the add and edit forms (translated errors, 422,
nothing written), "My trackers", the worklist item; each route refuses who may
not (route × persona) and no row leaks into a list; reads are audited; the
lists cost a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours.access import client_access_for
from parcours.casework.services import enrollment_open
from parcours.casework.worklist import worklist
from parcours.clients.services import lock_box_add
from parcours.community.models import BenefitApplication, IdDocumentRequest
from parcours.core.models import AuditAction, AuditEvent
from tests.community.conftest import add_goal, benefit, days_ago, days_ahead, document
from tests.conftest import client_for, share
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _file(web, client) -> str:
    url = reverse("clients:detail", kwargs={"client_id": client.pk})
    return web.get(url, {"tab": "housing"}).content.decode()


def _benefit_post(**changes) -> dict:
    values = {
        "program": "disability_support",
        "program_name": "POSPH / ODSP",
        "status": "preparing",
        "started_on": days_ago(3).isoformat(),
        "next_step": "Faire remplir le formulaire médical",
        "next_step_due": days_ahead(10).isoformat(),
    }
    values.update(changes)
    return values


def test_the_client_file_shows_an_empty_section_with_its_links(network, marie):
    page = _file(client_for(network.alice), marie)
    assert 'id="income-documents"' in page
    assert 'id="benefits-empty"' in page and 'id="documents-empty"' in page
    assert reverse("community:benefit_new", kwargs={"client_id": marie.pk}) in page


def test_a_worker_records_and_updates_an_application_from_the_client_file(network, marie):
    goal = add_goal(network.alice, marie)
    web = client_for(network.alice)
    url = reverse("community:benefit_new", kwargs={"client_id": marie.pk})
    assert web.get(url).status_code == 200
    bad = web.post(url, _benefit_post(status="submitted"))
    assert bad.status_code == 422 and not BenefitApplication.objects.exists()
    assert "Enter the date the application was submitted." in bad.content.decode()
    good = web.post(url, _benefit_post(goal=str(goal.pk)))
    assert good.status_code == 302 and good["Location"].endswith("#income-documents")
    application = BenefitApplication.objects.get()
    assert application.goal == goal
    page = _file(web, marie)
    assert f'id="benefit-{application.pk}"' in page and "POSPH / ODSP" in page
    edit = reverse("community:benefit_edit", kwargs={"application_id": application.pk})
    assert web.get(edit).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, client_id=marie.pk, detail__section="benefit_application"
    ).exists()
    saved = web.post(
        edit,
        _benefit_post(
            status="submitted", submitted_on=days_ago(1).isoformat(), version="1", goal=""
        ),
    )
    assert saved.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted" and application.version == 2
    stale = web.post(edit, _benefit_post(outcome="Oups", version="1"))
    assert stale.status_code == 422 and "reload it" in stale.content.decode()
    application.refresh_from_db()
    assert application.outcome == ""


def test_a_worker_records_an_id_document(network, marie):
    web = client_for(network.alice)
    url = reverse("community:document_new", kwargs={"client_id": marie.pk})
    assert web.get(url).status_code == 200
    bad = web.post(url, {"document": "birth_certificate", "status": "received"})
    assert bad.status_code == 422 and not IdDocumentRequest.objects.exists()
    assert "Enter the date the document was received or refused." in bad.content.decode()
    good = web.post(
        url,
        {
            "document": "birth_certificate",
            "document_detail": "Québec (DEC)",
            "status": "requested",
            "requested_on": days_ago(4).isoformat(),
            "fee_paid": "on",
        },
    )
    assert good.status_code == 302
    request = IdDocumentRequest.objects.get()
    assert request.fee_paid and request.document_label.endswith("(Québec (DEC))")
    edit = reverse("community:document_edit", kwargs={"request_id": request.pk})
    assert web.get(edit).status_code == 200
    listing = web.get(reverse("community:client_trackers", kwargs={"client_id": marie.pk}))
    assert listing.status_code == 200 and "Québec (DEC)" in listing.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, client_id=marie.pk, detail__section="trackers"
    ).exists()


def test_routes_by_persona_and_nothing_leaks(network, marie):
    application = benefit(network.alice, marie, next_step="Secret step")
    request = document(network.alice, marie, next_step="Other secret")
    client_urls = [
        reverse("community:client_trackers", kwargs={"client_id": marie.pk}),
        reverse("community:benefit_new", kwargs={"client_id": marie.pk}),
        reverse("community:document_new", kwargs={"client_id": marie.pk}),
    ]
    edit_urls = [
        reverse("community:benefit_edit", kwargs={"application_id": application.pk}),
        reverse("community:document_edit", kwargs={"request_id": request.pk}),
    ]
    bob = client_for(network.bob)
    for url in client_urls + edit_urls:
        assert bob.get(url).status_code == 404, url
    for url in client_urls[1:] + edit_urls:
        assert bob.post(url, _benefit_post()).status_code == 404, url
    # The identity shared, not the finances: the list shows nothing, writing is refused.
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    listing = bob.get(client_urls[0]).content.decode()
    assert "Secret step" not in listing and "Other secret" not in listing
    assert 'id="benefits-empty"' in listing and 'id="benefit-new"' not in listing
    page = _file(bob, marie)
    assert 'id="income-documents"' not in page and "Secret step" not in page
    for url in client_urls[1:]:
        assert bob.get(url).status_code == 403, url
        assert bob.post(url, _benefit_post()).status_code == 403, url
    for url in edit_urls:
        assert bob.get(url).status_code == 404, url
    mine = client_for(network.bob).get(reverse("community:my_trackers"), {"scope": "organization"})
    assert "Secret step" not in mine.content.decode()
    hospital = client_for(UserFactory(organization=network.hospital))
    for url in client_urls + edit_urls:
        assert hospital.get(url).status_code in (403, 404), url
    assert hospital.get(reverse("community:my_trackers")).status_code in (200, 403)
    anonymous = client_for(None)
    for url in [*client_urls, *edit_urls, reverse("community:my_trackers")]:
        assert anonymous.get(url).status_code == 302, url
    assert BenefitApplication.objects.count() == 1 and IdDocumentRequest.objects.count() == 1
    # The finances shared: bob reads and may write, less the record lock-boxed from him.
    share(marie, by=network.alice, categories=["financial"], organizations=[network.refuge])
    listing = bob.get(client_urls[0]).content.decode()
    assert "Secret step" in listing and "Other secret" in listing
    lock_box_add(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        organization=network.refuge,
        target=application,
    )
    listing = bob.get(client_urls[0]).content.decode()
    assert "Secret step" not in listing and "Other secret" in listing
    assert bob.get(edit_urls[0]).status_code == 404


def test_my_trackers_lists_open_steps_due_soonest_first(network, marie, paul):
    web = client_for(network.alice)
    later = benefit(network.alice, marie, next_step="Étape plus tard", next_step_due=days_ahead(9))
    sooner = document(network.alice, marie, next_step="Step sooner", next_step_due=days_ago(2))
    benefit(network.alice, marie, next_step="", next_step_due=None)  # no step: not listed
    benefit(
        network.alice,
        marie,
        status="approved",
        decided_on=days_ago(1),
        next_step="Closed one",
        next_step_due=days_ahead(1),
    )
    benefit(network.bob, paul, next_step="Bob's own step")
    colleague = UserFactory(organization=network.carrefour)
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    page = web.get(reverse("community:my_trackers")).content.decode()
    assert page.index("Step sooner") < page.index("Étape plus tard")
    assert "Closed one" not in page and "Bob's own step" not in page
    assert f'id="tracker-{later.pk}"' in page and f'id="tracker-{sooner.pk}"' in page
    assert "Late" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, client_id=marie.pk, detail__section="my_trackers"
    ).exists()
    theirs = client_for(colleague)
    assert "Step sooner" not in theirs.get(reverse("community:my_trackers")).content.decode()
    partial = theirs.get(
        reverse("community:my_trackers"), {"scope": "organization"}, headers={"HX-Request": "true"}
    )
    body = partial.content.decode()
    assert partial.status_code == 200 and "Step sooner" in body and "<html" not in body


def test_a_next_step_due_is_on_the_workers_worklist(network, marie):
    enrollment_open(
        acting_user=network.alice,
        client=marie,
        program=network.icm,
        start_date=days_ago(30),
        primary_worker=network.alice,
    )
    benefit(network.alice, marie, next_step="Appeler l'agente", next_step_due=days_ahead(2))
    document(network.alice, marie, next_step="Far away", next_step_due=days_ahead(40))
    items = [i for i in worklist(network.alice) if i.kind == "community_next_step_due"]
    assert len(items) == 1 and "Appeler l'agente" in items[0].label
    assert items[0].url.startswith("/en/community/benefits/")


def test_the_trackers_pages_cost_a_fixed_number_of_queries(network, marie):
    web = client_for(network.alice)
    goal = add_goal(network.alice, marie)
    benefit(network.alice, marie, goal=goal)
    document(network.alice, marie)
    urls = [
        reverse("community:client_trackers", kwargs={"client_id": marie.pk}),
        reverse("community:my_trackers"),
        reverse("clients:detail", kwargs={"client_id": marie.pk}) + "?tab=housing",
    ]
    for url in urls:
        web.get(url)
    few = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert web.get(url).status_code == 200
        few[url] = len(queries)
    for _ in range(6):
        benefit(network.alice, marie, goal=goal)
        document(network.alice, marie, goal=goal)
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert web.get(url).status_code == 200
        # My trackers writes one read event per client: still one client here.
        assert len(queries) == few[url], url
