# ruff: noqa: F811 (the fixtures of test_finance are imported by name)
"""Housing applications: recorded and updated through the service, the
screens and the API; bad input refused with nothing written; the follow-up
on the worker's worklist; housing consent governs who sees and writes them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from parcours.access import client_access_for, restrict
from parcours.casework.services import enrollment_open
from parcours.casework.worklist import worklist
from parcours.core.models import AuditAction, AuditEvent
from parcours.housing.applications import (
    ApplicationData,
    application_create,
    application_update,
)
from parcours.housing.models import HousingApplication
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.conftest import client_for, share
from tests.factories import UserFactory
from tests.housing.test_finance import TODAY, frozen  # noqa: F401

REGISTRY = "Registre d'accès centralisé aux logements sociaux d'Ottawa"
LIST = "/api/v1/clients/{client_id}/housing-applications"
ONE = "/api/v1/housing/applications/{application_id}"


def _create(user, client, **kw) -> HousingApplication:
    values = {
        "kind": "social",
        "provider": REGISTRY,
        "status": "waitlisted",
        "submitted_on": dt.date(2026, 11, 2),
        "waitlist_position": 412,
        "documents_needed": "Avis de cotisation 2026\nPreuve de revenu",
        "next_follow_up": TODAY + dt.timedelta(days=3),
    }
    values.update(kw)
    return application_create(
        acting_user=user,
        client_access=client_access_for(user, client),
        data=ApplicationData(**values),
    )


def test_record_and_update_an_application_audited(network, frozen, marie):
    application = _create(network.alice, marie)
    assert application.documents == ["Avis de cotisation 2026", "Preuve de revenu"]
    updated = application_update(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        application=application,
        data=ApplicationData(
            kind="social",
            provider=REGISTRY,
            status="offer",
            submitted_on=dt.date(2026, 11, 2),
            waitlist_position=None,
        ),
        version=1,
    )
    assert updated.status == "offer" and updated.version == 2
    with pytest.raises(ValidationError, match="Someone else"):
        application_update(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, marie),
            application=application,
            data=ApplicationData(kind="social", provider=REGISTRY),
            version=1,
        )
    events = AuditEvent.objects.filter(target_id=str(application.pk))
    assert {e.action for e in events} == {AuditAction.CREATE, AuditAction.UPDATE}


def test_bad_applications_are_refused_and_nothing_is_written(network, frozen, marie):
    for changes, field in [
        ({"waitlist_position": 0}, "waitlist_position"),
        ({"provider": " "}, "provider"),
        ({"status": "submitted", "submitted_on": None}, "submitted_on"),
        ({"submitted_on": TODAY + dt.timedelta(days=1)}, "submitted_on"),
        ({"kind": "castle"}, "kind"),
    ]:
        with pytest.raises(ValidationError) as refused:
            _create(network.alice, marie, **changes)
        assert field in refused.value.message_dict
    assert not HousingApplication.objects.exists()


def test_housing_consent_governs_applications(network, frozen, marie):
    application = _create(network.alice, marie)
    with pytest.raises(PermissionDenied):  # identity only: housing not shared
        share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
        _create(network.bob, marie)
    assert list(restrict(HousingApplication.objects.all(), network.bob)) == []
    share(marie, by=network.alice, categories=["housing"], organizations=[network.refuge])
    assert list(restrict(HousingApplication.objects.all(), network.bob)) == [application]


def test_a_follow_up_due_is_on_the_workers_worklist(network, frozen, marie):
    enrollment_open(
        acting_user=network.alice,
        client=marie,
        program=network.icm,
        start_date=TODAY - dt.timedelta(days=30),
        primary_worker=network.alice,
    )
    _create(network.alice, marie, next_follow_up=TODAY + dt.timedelta(days=20))
    _create(network.alice, marie, provider="Co-op Voisins", next_follow_up=TODAY)
    _create(network.alice, marie, status="withdrawn", next_follow_up=TODAY)
    items = [i for i in worklist(network.alice) if i.kind == "housing_application_follow_up"]
    assert len(items) == 1 and "Co-op Voisins" in items[0].label
    with time_machine.travel(dt.datetime(2027, 4, 1, 12)):
        items = [i for i in worklist(network.alice) if i.kind == "housing_application_follow_up"]
        assert len(items) == 2 and sum(i.late for i in items) == 1


def test_screens_record_update_and_refuse(network, frozen, marie):
    web = client_for(network.alice)
    new_url = reverse("housing:application_new", kwargs={"client_id": marie.pk})
    assert web.get(new_url).status_code == 200
    bad = web.post(new_url, {"kind": "social", "provider": REGISTRY, "status": "submitted"})
    assert bad.status_code == 422 and not HousingApplication.objects.exists()
    ok = web.post(
        new_url,
        {
            "kind": "rent_supplement",
            "provider": "Ville d'Ottawa — Allocation de logement transférable",
            "status": "submitted",
            "submitted_on": "2027-03-01",
            "documents_needed": "Bail signé",
        },
    )
    assert ok.status_code == 302 and ok["Location"].endswith("#housing-applications")
    application = HousingApplication.objects.get()
    file = web.get(
        reverse("clients:detail", kwargs={"client_id": marie.pk}), {"tab": "housing"}
    ).content.decode()
    assert "Allocation de logement transférable" in file and "Bail signé" in file
    edit_url = reverse("housing:application_edit", kwargs={"application_id": application.pk})
    assert web.get(edit_url).status_code == 200
    bob = client_for(network.bob)
    assert bob.get(new_url).status_code == 404
    assert bob.get(edit_url).status_code == 404
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert bob.get(new_url).status_code == 403
    assert bob.get(edit_url).status_code == 404
    hospital = client_for(UserFactory(organization=network.hospital))
    assert hospital.get(new_url).status_code == 404
    assert HousingApplication.objects.count() == 1


def test_the_api_lists_creates_and_patches(network, frozen, marie, openapi):
    api = api_client_for(network.alice)
    url = LIST.format(client_id=marie.pk)
    created = api.post(
        url,
        {
            "kind": "supportive",
            "provider": "Logement supervisé Rideau",
            "status": "waitlisted",
            "submitted_on": "2027-01-10",
            "waitlist_position": 7,
            "documents_needed": ["Formulaire médical", "Preuve d'identité"],
            "next_follow_up": "2027-03-20",
        },
    )
    assert created.status_code == 201, created.json()
    assert_matches_openapi(openapi, LIST, "post", created)
    application_id = created.json()["id"]
    patched = api.patch(
        ONE.format(application_id=application_id), {"waitlist_position": 3, "version": 1}
    )
    assert patched.status_code == 200, patched.json()
    assert_matches_openapi(openapi, ONE, "patch", patched)
    assert patched.json()["waitlist_position"] == 3
    assert patched.json()["documents_needed"] == ["Formulaire médical", "Preuve d'identité"]
    stale = api.patch(ONE.format(application_id=application_id), {"status": "offer", "version": 1})
    assert stale.status_code == 422
    assert (
        api.patch(ONE.format(application_id=application_id), {"waitlist_position": 0}).status_code
        == 422
    )
    listed = api.get(url)
    assert_matches_openapi(openapi, LIST, "get", listed)
    bob = api_client_for(network.bob)
    assert bob.get(url).status_code == 404
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert bob.get(url).status_code == 403
    assert bob.post(url, {"kind": "social", "provider": REGISTRY}).status_code == 403
    assert HousingApplication.objects.get().waitlist_position == 3
