"""``parcours seed_scale``: a network at scale for the benchmarks, generated
fast, the same for a seed, only into a database of its own, and whose
by-name list and monthly flow hold together."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction

from parcours.accounts.models import Organization, OrganizationKind, User
from parcours.beds.models import Stay, StreetContact
from parcours.casework.models import Encounter
from parcours.clients.models import Client, Visit, VisitService
from parcours.core.audit import audit_verify_chain
from parcours.demo.scale import PREFIX
from parcours.households.models import HouseholdMembership
from parcours.housing.models import Tenancy
from parcours.linkage.models import PersonIdentity
from parcours.reports import selectors
from parcours.reports.flow import add_months, month_start, monthly_flow
from parcours.reports.models import Population
from parcours.reports.status import Network

TODAY = dt.date(2025, 6, 15)


@pytest.fixture(autouse=True)
def _frozen_clock():
    noon = dt.datetime(2025, 6, 15, 12, tzinfo=ZoneInfo("America/Toronto"))
    with time_machine.travel(noon, tick=False):
        yield


def _seed(*args: str) -> str:
    out = StringIO()
    call_command(
        "seed_scale", "--clients", "200", "--services", "2000", "--no-progress", *args, stdout=out
    )
    return out.getvalue()


def _snapshot() -> dict[str, list[tuple[object, ...]]]:
    return {
        "clients": list(
            Client.objects.order_by("pk").values_list(
                "pk", "given_name", "family_name", "date_of_birth", "is_anonymous", "linked_to"
            )
        ),
        "visits": list(Visit.objects.order_by("pk").values_list("pk", "client_id", "occurred_at")),
        "services": list(VisitService.objects.order_by("pk").values_list("pk", "visit_id", "kind")),
        "stays": list(
            Stay.objects.order_by("pk").values_list("pk", "client_id", "started_at", "ended_at")
        ),
        "contacts": list(StreetContact.objects.order_by("pk").values_list("pk", "seen_on")),
        "tenancies": list(
            Tenancy.objects.order_by("pk").values_list("pk", "start_date", "end_date")
        ),
        "identities": list(PersonIdentity.objects.order_by("pk").values_list("pk", "person_key")),
    }


@pytest.mark.django_db
def test_seed_scale_creates_the_clients_and_services_it_says():
    out = _seed()
    assert "200 client records" in out and "2,000 services" in out
    assert Client.objects.count() == 200
    assert VisitService.objects.count() == 2000
    assert Visit.objects.count() == 800  # 2.5 services a visit
    assert Stay.objects.exists() and StreetContact.objects.exists()
    assert Encounter.objects.exists() and Tenancy.objects.exists()
    assert PersonIdentity.objects.exists()  # merged records
    assert Client.objects.filter(is_anonymous=True, linked_to__isnull=False).exists()
    assert HouseholdMembership.objects.filter(relationship="child").exists()
    # At most one open stay per client and per bed (the database says so too).
    open_stays = Stay.objects.filter(ended_at__isnull=True)
    assert open_stays.values("bed").distinct().count() == open_stays.count()
    # Spread over the past 24 months, nothing in the future.
    first = Visit.objects.order_by("occurred_at").first()
    last = Visit.objects.order_by("-occurred_at").first()
    assert first is not None and last is not None
    assert first.occurred_at.date() >= TODAY - dt.timedelta(days=731)
    assert last.occurred_at.date() <= TODAY
    assert all(o.name.startswith(PREFIX) for o in Organization.objects.all())
    assert audit_verify_chain().ok


@pytest.mark.django_db(transaction=False)
def test_seed_scale_is_the_same_for_a_seed():
    snapshots = []
    for _ in range(2):
        with pytest.raises(_Rollback), transaction.atomic():
            _seed("--seed", "7")
            snapshots.append(_snapshot())
            raise _Rollback
    assert snapshots[0] == snapshots[1]
    with pytest.raises(_Rollback), transaction.atomic():
        _seed("--seed", "8")
        other = _snapshot()
        raise _Rollback
    assert other["visits"] != snapshots[0]["visits"]


class _Rollback(Exception):
    pass


@pytest.mark.django_db
def test_seed_scale_refuses_a_database_with_other_clients_unless_forced():
    org = Organization.objects.create(name="Carrefour", kind=OrganizationKind.HUB)
    Client.objects.create(given_name="Gilles", family_name="Roy", registered_by_organization=org)
    with pytest.raises(CommandError, match="--force"):
        _seed()
    assert Client.objects.count() == 1
    assert not Organization.objects.filter(name__startswith=PREFIX).exists()
    _seed("--force")
    assert Client.objects.count() == 201


@pytest.mark.django_db
def test_seed_scale_refuses_to_run_twice():
    _seed()
    with pytest.raises(CommandError):
        _seed()
    assert Client.objects.count() == 200


@pytest.mark.django_db
def test_by_name_list_and_monthly_flow_over_a_scale_network_are_balanced():
    _seed()
    network = Network()
    months = [add_months(month_start(TODAY), -i) for i in range(23, -1, -1)]
    flows = monthly_flow(network, months, today=TODAY)
    for population in Population.values:
        previous = None
        for flow in flows[population]:
            assert len(flow.active) - flow.previous_active == flow.inflow - flow.outflow
            if previous is not None:
                assert flow.previous_active == len(previous.active)
            previous = flow
    everyone = flows[Population.ALL]
    assert sum(f.count("newly_identified") for f in everyone) > 50
    assert sum(f.count("returned_from_inactive") for f in everyone) > 0
    assert sum(f.count("moved_to_housing") for f in everyone) > 0
    coordinator = User.objects.get(email__startswith="hub-1-")
    listed = selectors.by_name_list(coordinator, selectors.ListFilters())
    assert listed.network_counts
    assert listed.total == len(network.statuses_on(TODAY)) > 150
    assert sum(listed.counts_by_status.values()) == listed.total
    assert listed.counts_by_status["active"] == len(everyone[-1].active)
