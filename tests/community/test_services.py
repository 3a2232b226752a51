"""The tracker services: what they write and audit, what they refuse (with a
translated message on the field, and nothing written), the stale edit, the
close, and the database's own constraints behind them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from parcours.access import client_access_for
from parcours.community.models import BenefitApplication, IdDocumentRequest
from parcours.community.services import (
    StaleTracker,
    benefit_application_close,
    benefit_application_update,
    benefit_data_of,
    document_data_of,
    id_document_close,
    id_document_update,
)
from parcours.core.models import AuditAction, AuditEvent
from tests.community.conftest import add_goal, benefit, days_ago, days_ahead, document
from tests.conftest import share
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_recording_an_application_writes_it_with_its_audit_event(network, marie):
    goal = add_goal(network.alice, marie)
    application = benefit(network.alice, marie, goal=goal, monthly_amount=Decimal("733.00"))
    assert application.organization_id == network.carrefour.pk
    assert application.recorded_by == network.alice and application.version == 1
    event = AuditEvent.objects.get(action=AuditAction.CREATE, target_id=str(application.pk))
    assert event.client_id == marie.pk
    assert event.target_type == "community.benefitapplication"
    assert event.after["program"] == "social_assistance"
    assert event.after["monthly_amount"] == "733.00"
    assert event.after["goal_id"] == str(goal.pk)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"submitted_on": days_ago(30)}, "submitted_on"),  # before it was started
        ({"started_on": days_ahead(1), "submitted_on": None, "status": "preparing"}, "started_on"),
        ({"submitted_on": days_ahead(2)}, "submitted_on"),  # in the future
        ({"status": "approved", "decided_on": None}, "decided_on"),
        ({"status": "approved", "decided_on": days_ago(12)}, "decided_on"),  # before submitted
        ({"status": "submitted", "submitted_on": None}, "submitted_on"),
        ({"status": "to_start", "submitted_on": days_ago(3)}, "submitted_on"),
        ({"status": "preparing", "submitted_on": None, "decided_on": days_ago(1)}, "decided_on"),
        ({"next_step": "", "next_step_due": days_ahead(3)}, "next_step"),
        ({"next_step_due": days_ahead(2000)}, "next_step_due"),
        ({"program": "other", "program_name": ""}, "program_name"),
        ({"program": "lottery"}, "program"),
        ({"status": "lost"}, "status"),
        ({"started_on": None, "submitted_on": None, "status": "to_start"}, "started_on"),
        ({"monthly_amount": Decimal("-1")}, "monthly_amount"),
    ],
)
def test_bad_application_input_is_refused_on_its_field_and_nothing_is_written(
    network, marie, changes, field
):
    with pytest.raises(ValidationError) as exc:
        benefit(network.alice, marie, **changes)
    assert field in _errors(exc), _errors(exc)
    assert not BenefitApplication.objects.exists()
    assert (
        not AuditEvent.objects.filter(action=AuditAction.CREATE, client_id=marie.pk)
        .filter(target_type="community.benefitapplication")
        .exists()
    )


def test_the_refusal_reads_in_plain_words(network, marie):
    with pytest.raises(ValidationError) as exc:
        benefit(network.alice, marie, submitted_on=days_ago(30))
    assert _errors(exc)["submitted_on"] == [
        "The application cannot be submitted before it was started."
    ]


def test_a_goal_of_another_client_is_refused(network, marie, paul):
    other = add_goal(network.bob, paul, "Payer mes dettes")
    with pytest.raises(ValidationError) as exc:
        benefit(network.alice, marie, goal=other)
    assert "goal" in _errors(exc)
    assert not BenefitApplication.objects.exists()


def test_updating_keeps_history_audits_before_and_after_and_refuses_a_stale_copy(network, marie):
    application = benefit(network.alice, marie)
    data = benefit_data_of(application)
    data.status = "approved"
    data.decided_on = days_ago(1)
    data.outcome = "Accordé, premier chèque le 1er"
    access = client_access_for(network.alice, marie)
    updated = benefit_application_update(
        acting_user=network.alice,
        client_access=access,
        application=application,
        data=data,
        version=1,
    )
    assert updated.version == 2 and updated.status == "approved"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, target_id=str(application.pk))
    assert event.before["status"] == "submitted" and event.after["status"] == "approved"
    assert application.history.count() == 2
    data.outcome = "Autre chose"
    with pytest.raises(StaleTracker):
        benefit_application_update(
            acting_user=network.alice,
            client_access=access,
            application=application,
            data=data,
            version=1,
        )
    application.refresh_from_db()
    assert application.outcome == "Accordé, premier chèque le 1er" and application.version == 2


def test_closing_an_application_clears_its_next_step(network, marie):
    application = benefit(network.alice, marie)
    access = client_access_for(network.alice, marie)
    with pytest.raises(ValidationError) as exc:
        benefit_application_close(
            acting_user=network.alice,
            client_access=access,
            application=application,
            status="approved",
            decided_on=None,
        )
    assert "decided_on" in _errors(exc)
    with pytest.raises(ValidationError):
        benefit_application_close(
            acting_user=network.alice,
            client_access=access,
            application=application,
            status="submitted",
            decided_on=days_ago(1),
        )
    closed = benefit_application_close(
        acting_user=network.alice,
        client_access=access,
        application=application,
        status="refused",
        decided_on=days_ago(1),
        outcome="Refusé : revenu trop élevé, appel possible",
    )
    assert not closed.is_open and closed.next_step == "" and closed.next_step_due is None


def test_document_rules(network, marie):
    for changes, field in [
        ({"status": "needed"}, "requested_on"),
        ({"status": "received", "resolved_on": None}, "resolved_on"),
        ({"status": "received", "resolved_on": days_ago(9)}, "resolved_on"),
        ({"status": "requested", "resolved_on": days_ago(1)}, "resolved_on"),
        ({"requested_on": days_ahead(1)}, "requested_on"),
        ({"document": "other", "document_detail": ""}, "document_detail"),
        ({"status": "requested", "requested_on": None}, "requested_on"),
    ]:
        with pytest.raises(ValidationError) as exc:
            document(network.alice, marie, **changes)
        assert field in _errors(exc), (changes, _errors(exc))
    assert not IdDocumentRequest.objects.exists()
    needed = document(network.alice, marie, status="needed", requested_on=None, fee_paid=True)
    access = client_access_for(network.alice, marie)
    data = document_data_of(needed)
    data.status, data.requested_on = "requested", days_ago(2)
    requested = id_document_update(
        acting_user=network.alice, client_access=access, request=needed, data=data, version=1
    )
    received = id_document_close(
        acting_user=network.alice,
        client_access=access,
        request=requested,
        status="received",
        resolved_on=days_ago(0),
        version=2,
    )
    assert received.status == "received" and not received.is_open and received.fee_paid
    assert (
        AuditEvent.objects.filter(action=AuditAction.UPDATE, target_id=str(needed.pk)).count() == 2
    )


def test_who_may_write_a_clients_trackers(network, marie):
    assert client_access_for(network.alice, marie).registered_here
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    with pytest.raises(PermissionDenied):
        benefit(network.bob, marie)
    with pytest.raises(PermissionDenied):
        document(network.bob, marie)
    share(marie, by=network.alice, categories=["financial"], organizations=[network.refuge])
    written = benefit(network.bob, marie)
    assert written.organization_id == network.refuge.pk
    hospital_staff = UserFactory(organization=network.hospital)
    with pytest.raises(Http404):  # outside the network: no consent reaches it
        benefit(hospital_staff, marie)
    assert BenefitApplication.objects.count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"submitted_on": dt.date(2020, 1, 1), "started_on": dt.date(2021, 1, 1)},
        {"status": "to_start", "submitted_on": dt.date(2021, 1, 1)},
        {"status": "approved", "decided_on": None},
        {"program": "other", "program_name": ""},
        {"monthly_amount": Decimal("-5")},
        {"next_step": "", "next_step_due": dt.date(2021, 1, 1)},
        {"status": "nope"},
    ],
)
def test_the_database_refuses_an_incoherent_application(network, marie, changes):
    values = {
        "client": marie,
        "organization": network.carrefour,
        "recorded_by": network.alice,
        "program": "tax_filing",
        "status": "submitted",
        "started_on": dt.date(2021, 1, 1),
        "submitted_on": dt.date(2021, 2, 1),
    }
    values.update(changes)
    with pytest.raises(IntegrityError), transaction.atomic():
        BenefitApplication.objects.create(**values)


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "needed"},
        {"status": "received"},
        {"status": "requested", "resolved_on": dt.date(2021, 3, 1)},
        {"status": "refused", "resolved_on": dt.date(2020, 3, 1)},
        {"document": "other"},
    ],
)
def test_the_database_refuses_an_incoherent_document_request(network, marie, changes):
    values = {
        "client": marie,
        "organization": network.carrefour,
        "recorded_by": network.alice,
        "document": "sin_card",
        "status": "requested",
        "requested_on": dt.date(2021, 1, 1),
    }
    values.update(changes)
    with pytest.raises(IntegrityError), transaction.atomic():
        IdDocumentRequest.objects.create(**values)
