"""Two workers ask for the last free bed at the same moment: one gets it.

On PostgreSQL the hold service locks the bed's row (``SELECT … FOR UPDATE``):
two threads with their own connections race for it, and the second waits for
the first to commit, then sees the hold and is refused. SQLite has no row
locks (it serialises writers); there the same service path refuses the
second hold.
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from parcours.access import client_access_for
from parcours.beds import selectors, services
from parcours.beds.models import Bed, Hold, HoldStatus
from parcours.clients.services import client_register


def _last_free_bed(beds) -> Bed:
    """Every bed of the shelter taken but the accessible one."""
    return beds.accessible_bed


def _two_clients(network):
    a = client_register(acting_user=network.alice, given_name="Hélène", family_name="Roy")
    b = client_register(acting_user=network.bob, given_name="Yves", family_name="Gagnon")
    return a, b


def test_the_second_hold_on_the_last_bed_is_refused_by_the_same_service_path(network, beds):
    hub_client, shelter_client = _two_clients(network)
    bed = _last_free_bed(beds)
    services.hold_place(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, hub_client),
        bed=bed,
    )
    with pytest.raises(ValidationError, match="already held"):
        services.hold_place(
            acting_user=network.bob,
            client_access=client_access_for(network.bob, shelter_client),
            bed=bed,
        )
    assert Hold.objects.filter(bed=bed, status=HoldStatus.ACTIVE).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
# Committed data, so that the threads' own connections see it; the reference
# data the migrations load is restored for the tests that run after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_holds_on_the_last_bed_one_wins(network, beds):
    hub_client, shelter_client = _two_clients(network)
    bed = _last_free_bed(beds)
    people = [
        (network.alice, client_access_for(network.alice, hub_client)),
        (network.bob, client_access_for(network.bob, shelter_client)),
    ]
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []
    lock = threading.Lock()

    def ask(user, client_access) -> None:
        try:
            barrier.wait(timeout=10)
            services.hold_place(acting_user=user, client_access=client_access, bed=bed)
            result = "held"
        except ValidationError:
            result = "refused"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=ask, args=p) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["held", "refused"]
    assert Hold.objects.filter(bed=bed, status=HoldStatus.ACTIVE).count() == 1
    site = next(s for s in selectors.availability(network.alice) if s.site == beds.shelter)
    assert bed not in [b for r in site.rooms for b in r.free_beds]
