"""Tenancies: who may record them (housing category), validation with
nothing written, the move-in checklist, the pathway from facts and the
revolving-door alert on a shelter book-in after a tenancy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from parcours.access import client_access_for
from parcours.access.housing import tenancies_of, tenancies_visible_to
from parcours.beds import services as beds_services
from parcours.clients.models import AlertKind, PathwayStage, RevolvingDoorAlert, Stage
from parcours.clients.services.visits import current_stage, pathway_move
from parcours.core.models import AuditEvent
from parcours.housing.models import (
    CHECKLIST_ITEMS,
    MoveInChecklist,
    Tenancy,
    TenancyEndReason,
    UnitStatus,
)
from parcours.housing.tenancies import move_in_update, tenancy_end, tenancy_start
from tests.beds.conftest import beds, paul  # noqa: F401 (fixtures)
from tests.conftest import share

TODAY = timezone.localdate


def days_ago(days: int) -> dt.date:
    return TODAY() - dt.timedelta(days=days)


def _start(user, client, unit, start=None, **kwargs):
    return tenancy_start(
        acting_user=user,
        client_access=client_access_for(user, client),
        unit=unit,
        start_date=start or days_ago(10),
        **kwargs,
    )


def _written() -> tuple[int, int, int, int]:
    return (
        Tenancy.objects.count(),
        MoveInChecklist.objects.count(),
        PathwayStage.objects.count(),
        AuditEvent.objects.count(),
    )


# --- Who may ------------------------------------------------------------------------------


def test_the_registering_organization_starts_a_tenancy(network, housing, marie):
    tenancy = _start(network.alice, marie, housing.studio)
    housing.studio.refresh_from_db()
    assert housing.studio.status == UnitStatus.OCCUPIED
    assert tenancy.move_in.closed_at is None
    assert tenancy.organization == network.carrefour
    assert AuditEvent.objects.filter(target_id=str(tenancy.pk), action="record.create").exists()


def test_a_partner_without_the_client_does_not_see_them(network, housing, marie):
    with pytest.raises(Http404):
        client_access_for(network.bob, marie)


def test_a_partner_shown_only_the_identity_may_not_record_a_tenancy(network, housing, marie):
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    before = _written()
    with pytest.raises(PermissionDenied):
        _start(network.bob, marie, housing.studio)
    assert _written() == before


def test_a_partner_shown_the_housing_category_records_and_reads_it(network, housing, marie):
    tenancy = _start(network.alice, marie, housing.studio)
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert list(tenancies_of(client_access_for(network.bob, marie))) == []
    assert list(tenancies_visible_to(network.bob)) == []
    share(
        marie, by=network.alice, categories=["identity", "housing"], organizations=[network.refuge]
    )
    assert list(tenancies_of(client_access_for(network.bob, marie))) == [tenancy]
    assert list(tenancies_visible_to(network.bob)) == [tenancy]
    tenancy_end(
        acting_user=network.bob,
        client_access=client_access_for(network.bob, marie),
        tenancy=tenancy,
        end_date=TODAY(),
        end_reason=TenancyEndReason.BETTER_HOUSING,
    )
    assert Tenancy.objects.get().end_date == TODAY()


# --- Validation: a message and nothing written ---------------------------------------------


def test_an_end_before_the_start_is_refused(network, housing, marie):
    tenancy = _start(network.alice, marie, housing.studio)
    before = _written()
    with pytest.raises(ValidationError) as exc:
        tenancy_end(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, marie),
            tenancy=tenancy,
            end_date=days_ago(20),
            end_reason="other",
        )
    assert "before the start" in str(exc.value.message_dict["end_date"])
    assert _written() == before
    assert Tenancy.objects.get().end_date is None


def test_a_second_active_tenancy_is_refused(network, housing, marie):
    _start(network.alice, marie, housing.studio)
    before = _written()
    with pytest.raises(ValidationError) as exc:
        _start(network.alice, marie, housing.room)
    assert "already has an active tenancy" in str(exc.value.message_dict["client"])
    assert _written() == before
    housing.room.refresh_from_db()
    assert housing.room.status == UnitStatus.AVAILABLE


def test_an_occupied_unit_is_refused(network, housing, marie, paul):  # noqa: F811
    before = _written()
    with pytest.raises(ValidationError) as exc:
        _start(network.alice, marie, housing.occupied)
    assert "not available" in str(exc.value.message_dict["unit"])
    assert _written() == before


def test_a_start_in_the_future_is_refused(network, housing, marie):
    before = _written()
    with pytest.raises(ValidationError):
        _start(network.alice, marie, housing.studio, start=TODAY() + dt.timedelta(days=2))
    assert _written() == before


# --- The move-in checklist -----------------------------------------------------------------


def test_move_in_closes_only_when_every_item_is_done(network, housing, marie):
    tenancy = _start(network.alice, marie, housing.studio)
    access = client_access_for(network.alice, marie)
    checklist = tenancy.move_in
    with pytest.raises(ValidationError, match="Still to do"):
        move_in_update(
            acting_user=network.alice,
            client_access=access,
            checklist=checklist,
            items={"lease_signed": True, "keys_handed_over": True},
            close=True,
        )
    checklist.refresh_from_db()
    assert checklist.closed_at is None
    assert not checklist.lease_signed  # nothing written
    move_in_update(
        acting_user=network.alice,
        client_access=access,
        checklist=checklist,
        items=dict.fromkeys(CHECKLIST_ITEMS, True),
        close=True,
    )
    checklist.refresh_from_db()
    assert checklist.closed_at is not None
    with pytest.raises(ValidationError, match="closed"):
        move_in_update(
            acting_user=network.alice,
            client_access=access,
            checklist=checklist,
            items={"furniture": False},
        )


# --- The pathway follows the facts ----------------------------------------------------------


def test_a_tenancy_start_moves_the_client_to_stability(network, housing, marie):
    access = client_access_for(network.alice, marie)
    pathway_move(
        acting_user=network.alice,
        client_access=access,
        stage=Stage.SAFETY,
        entered_on=days_ago(30),
    )
    _start(network.alice, marie, housing.studio, start=days_ago(5))
    step = current_stage(marie)
    assert step is not None
    assert step.stage == Stage.STABILITY
    assert step.entered_on == days_ago(5)
    assert "100, rue Murray" in step.reason
    assert not RevolvingDoorAlert.objects.exists()


def test_an_eviction_moves_the_client_back_and_raises_the_alert(network, housing, marie):
    tenancy = _start(network.alice, marie, housing.studio, start=days_ago(100))
    tenancy_end(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        tenancy=tenancy,
        end_date=days_ago(1),
        end_reason=TenancyEndReason.EVICTION,
    )
    step = current_stage(marie)
    assert step is not None
    assert step.stage == Stage.SAFETY
    assert "eviction" in step.reason
    alert = RevolvingDoorAlert.objects.get()
    assert alert.kind == AlertKind.RETURN_TO_HOMELESSNESS
    housing.studio.refresh_from_db()
    assert housing.studio.status == UnitStatus.OFF_MARKET


def test_an_eviction_by_a_partner_without_the_pathway_moves_nothing(network, housing, marie):
    tenancy = _start(network.alice, marie, housing.studio, start=days_ago(100))
    share(
        marie, by=network.alice, categories=["identity", "housing"], organizations=[network.refuge]
    )
    assert not client_access_for(network.bob, marie).sees_pathway
    tenancy_end(
        acting_user=network.bob,
        client_access=client_access_for(network.bob, marie),
        tenancy=tenancy,
        end_date=days_ago(1),
        end_reason=TenancyEndReason.EVICTION,
    )
    assert Tenancy.objects.get().end_reason == TenancyEndReason.EVICTION
    assert current_stage(marie).stage == Stage.STABILITY
    assert not RevolvingDoorAlert.objects.exists()


def test_a_shelter_book_in_after_a_tenancy_raises_the_alert(
    network,
    housing,
    beds,  # noqa: F811
    paul,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    tenancy = _start(network.bob, paul, housing.studio, start=days_ago(200))
    tenancy_end(
        acting_user=network.bob,
        client_access=client_access_for(network.bob, paul),
        tenancy=tenancy,
        end_date=days_ago(60),
        end_reason=TenancyEndReason.OTHER,
    )
    assert not RevolvingDoorAlert.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        beds_services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_1, client=paul)
    alert = RevolvingDoorAlert.objects.get()
    assert alert.kind == AlertKind.RETURN_TO_HOMELESSNESS
    assert alert.pathway_stage.stage == Stage.SAFETY
    assert alert.pathway_stage.recorded_by == network.bob
    assert AuditEvent.objects.filter(target_id=str(alert.pk)).exists()


def test_a_book_in_with_no_tenancy_or_a_recent_alert_raises_none(
    network,
    housing,
    beds,  # noqa: F811
    paul,  # noqa: F811
    marie,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        beds_services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_1, client=paul)
    assert not RevolvingDoorAlert.objects.exists()
    # Marie: evicted yesterday (an alert), booked in today: no second alert.
    tenancy = _start(network.alice, marie, housing.studio, start=days_ago(100))
    tenancy_end(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        tenancy=tenancy,
        end_date=days_ago(1),
        end_reason=TenancyEndReason.EVICTION,
    )
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    with django_capture_on_commit_callbacks(execute=True):
        beds_services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_2, client=marie)
    assert RevolvingDoorAlert.objects.count() == 1


def test_a_book_in_long_after_a_tenancy_raises_none(
    network,
    housing,
    beds,  # noqa: F811
    paul,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    tenancy = _start(network.bob, paul, housing.studio, start=days_ago(900))
    tenancy_end(
        acting_user=network.bob,
        client_access=client_access_for(network.bob, paul),
        tenancy=tenancy,
        end_date=days_ago(400),
        end_reason=TenancyEndReason.OTHER,
    )
    with django_capture_on_commit_callbacks(execute=True):
        beds_services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_1, client=paul)
    assert not RevolvingDoorAlert.objects.exists()
