"""Chronic homelessness per household is the head's, from the stays and
street contacts the beds app records (one definition, in
parcours.beds.homelessness), on hand-made histories."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from parcours.beds import services as beds
from parcours.beds.homelessness import household_chronic_status
from parcours.beds.models import Bed, SiteKind, Stay
from tests.beds.conftest import days_ago


@pytest.fixture
def family_room_bed(network) -> Bed:
    site = beds.site_create(
        acting_user=network.bob_admin,
        program=network.shelter_program,
        name="Refuge familial",
        kind=SiteKind.FAMILY_SHELTER,
    )
    return beds.room_create(acting_user=network.bob_admin, site=site, name="A", beds=4).beds.first()


def sheltered(client, bed: Bed, start: int, end: int | None, network) -> Stay:
    """A stay from ``start`` days ago to ``end`` days ago (or still open)."""
    return Stay.objects.create(
        client=client,
        site=bed.room.site,
        room=bed.room,
        bed=bed.room.beds.exclude(
            pk__in=Stay.objects.filter(ended_at__isnull=True, bed__isnull=False).values("bed_id")
        ).first(),
        started_at=days_ago(start, hour=20),
        ended_at=days_ago(end, hour=8) if end is not None else None,
        exit_reason="left" if end is not None else "",
        booked_in_by=network.bob,
    )


def test_a_household_is_chronic_when_its_head_has_200_shelter_nights_this_year(
    network, family, family_room_bed
):
    sheltered(family.julie, family_room_bed, 250, 50, network)
    sheltered(family.julie, family_room_bed, 10, None, network)
    status = household_chronic_status(family.household, timezone.localdate())
    assert status is not None and status.is_chronic
    assert status.client_id == family.julie.pk
    assert status.days_past_year >= 180


def test_the_other_members_nights_do_not_make_the_household_chronic(
    network, family, family_room_bed
):
    sheltered(family.marc, family_room_bed, 300, 0, network)
    status = household_chronic_status(family.household, timezone.localdate())
    assert status is not None and not status.is_chronic
    assert status.days_past_year == 0


def test_a_household_without_a_head_on_that_date_has_no_status(network, family):
    long_ago = timezone.localdate() - dt.timedelta(days=2000)
    assert household_chronic_status(family.household, long_ago) is None
