"""The revolving door from a street contact: outreach sees a client sleeping
outside within 12 months of a tenancy's end — or while a tenancy is still
active (a tenancy in trouble) — and the return-to-homelessness alert is
raised for the client's workers, saying it was a street contact; same 7
quiet days as a shelter book-in."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from parcours.access import client_access_for
from parcours.beds.services import street_contact_record
from parcours.clients.models import AlertKind, RevolvingDoorAlert, Stage
from parcours.core.models import AuditEvent
from parcours.housing.models import TenancyEndReason
from parcours.housing.tenancies import tenancy_end, tenancy_start

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 12, tzinfo=ZoneInfo("America/Toronto"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _housed(network, client, unit, *, ended_months_ago: int | None):
    alice = network.alice
    start = TODAY - dt.timedelta(days=30 * (ended_months_ago or 0) + 200)
    tenancy = tenancy_start(
        acting_user=alice,
        client_access=client_access_for(alice, client),
        unit=unit,
        start_date=start,
    )
    if ended_months_ago is not None:
        tenancy_end(
            acting_user=alice,
            client_access=client_access_for(alice, client),
            tenancy=tenancy,
            end_date=TODAY - dt.timedelta(days=30 * ended_months_ago),
            end_reason=TenancyEndReason.OTHER,
        )
    return tenancy


def _seen_outside(user, client, callbacks, place="Parc Major's Hill"):
    with callbacks(execute=True):
        return street_contact_record(
            acting_user=user,
            client_access=client_access_for(user, client),
            seen_on=TODAY,
            place=place,
        )


def test_seen_outside_11_months_after_a_tenancy_raises_the_alert(
    network, housing, marie, django_capture_on_commit_callbacks
):
    _housed(network, marie, housing.studio, ended_months_ago=11)
    assert not RevolvingDoorAlert.objects.exists()
    contact = _seen_outside(network.alice, marie, django_capture_on_commit_callbacks)
    alert = RevolvingDoorAlert.objects.get()
    assert alert.kind == AlertKind.RETURN_TO_HOMELESSNESS
    assert alert.pathway_stage.stage == Stage.SAFETY
    assert alert.pathway_stage.reason.startswith("Street contact: seen sleeping outside")
    assert "after a tenancy" in alert.pathway_stage.reason
    event = AuditEvent.objects.get(target_id=str(alert.pk))
    assert event.after["street_contact"] == str(contact.pk)


def test_seen_outside_13_months_after_a_tenancy_raises_none(
    network, housing, marie, django_capture_on_commit_callbacks
):
    _housed(network, marie, housing.studio, ended_months_ago=13)
    _seen_outside(network.alice, marie, django_capture_on_commit_callbacks)
    assert not RevolvingDoorAlert.objects.exists()


def test_seen_outside_while_housed_is_a_tenancy_in_trouble(
    network, housing, marie, django_capture_on_commit_callbacks
):
    _housed(network, marie, housing.studio, ended_months_ago=None)
    _seen_outside(network.alice, marie, django_capture_on_commit_callbacks)
    alert = RevolvingDoorAlert.objects.get()
    assert "while housed at" in alert.pathway_stage.reason


def test_never_housed_or_alerted_this_week_raises_none(
    network, housing, marie, django_capture_on_commit_callbacks
):
    _seen_outside(network.alice, marie, django_capture_on_commit_callbacks)
    assert not RevolvingDoorAlert.objects.exists()
    _housed(network, marie, housing.studio, ended_months_ago=2)
    _seen_outside(network.alice, marie, django_capture_on_commit_callbacks)
    _seen_outside(network.alice, marie, django_capture_on_commit_callbacks, place="")
    assert RevolvingDoorAlert.objects.count() == 1
