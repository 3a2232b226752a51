"""The emergency-access review speaks in names: the client's name for a
reviewer allowed to see the client, never the raw record id, and what the
staff member opened during the access."""

from __future__ import annotations

import pytest
import time_machine
from django.utils import translation

from parcours.clients import services
from parcours.clients.models import DataCategory
from tests.conftest import client_for, share

URL = "/en/emergency-access/reviews/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _grant(network, client, reason="Urgence médicale la nuit"):
    return services.break_glass_open(acting_user=network.bob, client=client, reason=reason)


@time_machine.travel("2026-03-02 03:00 -05:00", tick=False)
def test_a_reviewer_not_shared_with_sees_no_name_but_sees_what_was_viewed(network, marie):
    grant = _grant(network, marie)
    bob = client_for(network.bob)
    assert bob.get(f"/en/clients/{marie.pk}/").status_code == 200

    page = client_for(network.bob_admin).get(URL).content.decode()

    assert "a client (not shared with you)" in page
    assert "Côté" not in page
    assert str(marie.pk) not in page
    assert str(grant.client_id) not in page
    assert "What was viewed during the access" in page
    assert "Viewed — Client: client file" in page


@time_machine.travel("2026-03-02 03:00 -05:00", tick=False)
def test_a_reviewer_the_client_shares_with_sees_the_name_with_a_link(network, marie):
    share(
        marie, by=network.alice, categories=[DataCategory.IDENTITY], organizations=[network.refuge]
    )
    _grant(network, marie)

    page = client_for(network.bob_admin).get(URL).content.decode()

    assert f'href="/en/clients/{marie.pk}/"' in page
    assert "Marie-Ève Côté" in page
    assert "not shared with you" not in page
    assert "Nothing was opened with this access." in page, page[page.find("<main") :]


def test_what_was_viewed_is_only_the_holders_reads_during_the_access(network, marie):
    with time_machine.travel("2026-03-02 03:00 -05:00", tick=False):
        _grant(network, marie)
        client_for(network.bob).get(f"/en/clients/{marie.pk}/")
        during = client_for(network.bob_admin).get(URL).content.decode().count("<li><time")
    assert during >= 1
    # After the access ended: the file is closed to bob, and nothing more is listed.
    with time_machine.travel("2026-03-03 12:00 -05:00", tick=False):
        assert client_for(network.bob).get(f"/en/clients/{marie.pk}/").status_code == 404
        page = client_for(network.bob_admin).get(URL + "?show=all").content.decode()
    assert page.count("<li><time") == during


def test_the_review_page_costs_the_same_queries_for_many_accesses(
    network, marie, django_assert_max_num_queries
):
    reviewer = client_for(network.bob_admin)
    with time_machine.travel("2026-03-02 03:00 -05:00", tick=False):
        _grant(network, marie)
        client_for(network.bob).get(f"/en/clients/{marie.pk}/")
        reviewer.get(URL)
        for i in range(6):
            other = services.client_register(
                acting_user=network.alice,
                given_name="Jean",
                family_name=f"Lavoie{i}",
                date_of_birth=marie.date_of_birth,
            )
            _grant(network, other, reason=f"Urgence de nuit {i}")
            client_for(network.bob).get(f"/en/clients/{other.pk}/")
        with django_assert_max_num_queries(16):
            response = reviewer.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("Viewed — Client: client file") == 7


def test_staff_who_are_not_privacy_reviewers_are_refused(network, marie):
    _grant(network, marie)
    assert client_for(network.bob).get(URL).status_code == 403
    assert client_for(network.alice).get(URL).status_code == 403
