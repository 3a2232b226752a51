"""After a merge, the Clients search shows one row per person with a
"2 records" badge, not two identical rows; records the searcher may not see
are neither listed nor counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from parcours.clients.models import Client
from parcours.clients.selectors import person_search
from parcours.clients.services import client_register
from parcours.linkage import services
from tests.conftest import client_for


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def marie_again(network, marie) -> Client:
    """The hub registered Marie-Ève Côté a second time, without accents."""
    return client_register(
        acting_user=network.alice,
        given_name="Marie Eve",
        family_name="COTE",
        date_of_birth=dt.date(1984, 3, 9),
        preferred_language="fr",
    )


def _merge(network, a, b):
    return services.client_merge(acting_user=network.alice_admin, client_a=a, client_b=b)


def test_two_records_of_one_person_are_one_row_with_a_badge(network, marie, marie_again):
    before = list(person_search(network.alice, "Cote"))
    assert {row.pk for row in before} == {marie.pk, marie_again.pk}
    assert all(row.record_count == 1 for row in before)

    _merge(network, marie, marie_again)

    rows = list(person_search(network.alice, "Cote"))
    assert [row.pk for row in rows] == [marie.pk]  # her earliest record
    assert rows[0].record_count == 2

    page = client_for(network.alice).get(reverse("clients:list"), {"q": "Cote"})
    html = page.content.decode()
    assert html.count(f'href="/en/clients/{marie.pk}/"') == 1
    assert f'href="/en/clients/{marie_again.pk}/"' not in html
    assert "2 records" in html
    assert "1 client matches" in html


def test_the_badge_counts_only_records_the_searcher_may_see(network, marie, marie_again):
    _merge(network, marie, marie_again)
    # The shelter sees neither record: no row, no count.
    assert list(person_search(network.bob, "Cote")) == []
    # A date of birth and a name together (not taken for a health card).
    rows = list(person_search(network.alice, "1984-03-09 Marie"))
    assert len(rows) == 1 and rows[0].record_count == 2


def test_undoing_the_merge_gives_two_rows_again(network, marie, marie_again):
    merge = _merge(network, marie, marie_again)
    services.client_unmerge(acting_user=network.alice_admin, merge=merge, reason="Two people")
    rows = list(person_search(network.alice, "Cote"))
    assert len(rows) == 2 and all(row.record_count == 1 for row in rows)


def test_the_search_page_costs_the_same_queries_with_many_merged_persons(
    network, django_assert_max_num_queries
):
    for n in range(6):
        a = client_register(
            acting_user=network.alice,
            given_name=f"Jean{n}",
            family_name="Lavoie",
            date_of_birth=dt.date(1970, 1, 1 + n),
        )
        b = client_register(
            acting_user=network.alice,
            given_name=f"Jean{n}",
            family_name="Lavoie",
            date_of_birth=dt.date(1970, 1, 1 + n),
        )
        _merge(network, a, b)
    web = client_for(network.alice)
    with django_assert_max_num_queries(20):
        page = web.get(reverse("clients:list"), {"q": "Lavoie"})
    assert page.content.decode().count("2 records") == 6
