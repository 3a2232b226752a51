"""The intake desk's first minute: « Alex Brison » typed in the Clients
search finds Alexandre Brisson — by nickname, sound-alike, typo, swapped
names, with or without a year or a date — before anyone is invited to
register a new person; a record kept by another partner is only hinted at
when a full name and a date of birth were typed."""

from __future__ import annotations

import datetime as dt

import pytest

from parcours.clients.services import client_register
from parcours.linkage.selectors import record_from_search
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BORN = dt.date(1978, 4, 11)


@pytest.mark.parametrize(
    ("typed", "given", "family", "born", "year"),
    [
        ("Alex Brison", "Alex", "Brison", None, None),
        ("Alex Brison 1978", "Alex", "Brison", None, 1978),
        ("Alex Brison 11/04/1978", "Alex", "Brison", BORN, None),
        ("1978-04-11 Alex Brison", "Alex", "Brison", BORN, None),
        ("Brison 4/30/1978", "", "Brison", dt.date(1978, 4, 30), None),  # month first: swapped
        ("Brison", "", "Brison", None, None),
    ],
)
def test_what_is_typed_is_read_as_a_person(typed, given, family, born, year) -> None:
    record = record_from_search(typed)
    assert record is not None
    assert (record.given_name, record.family_name) == (given, family)
    assert (record.date_of_birth, record.birth_year) == (born, year)


def test_a_date_alone_is_not_a_name_to_look_for() -> None:
    assert record_from_search("1978-04-11") is None


@pytest.fixture
def alexandre(network):
    return client_register(
        acting_user=network.alice,
        given_name="Alexandre",
        family_name="Brisson",
        date_of_birth=BORN,
    )


def _likely(user, q: str) -> str:
    return client_for(user).get("/en/linkage/likely/", {"q": q}).content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        "Alex Brison",
        "Alex Brison 1978",
        "Alex Brison 11/04/1978",
        "Alexandre Brison 1978-04-11",
        "Brisson Alexandre",
    ],
)
def test_the_search_box_finds_the_likely_record(network, alexandre, typed) -> None:
    web = client_for(network.alice)
    listing = web.get("/en/clients/", {"q": typed}).content.decode()
    assert "Register the person if they are new" not in listing
    assert "/en/linkage/likely/" in listing

    html = _likely(network.alice, typed)
    # Found exactly in the list (swapped names match parts of names), or
    # among the likely records below it — never both.
    assert ("Alexandre Brisson" in listing) != ("Alexandre Brisson" in html)
    assert "Register the person if they are new" not in html


def test_nobody_likely_then_the_desk_is_invited_to_register(network, alexandre) -> None:
    html = _likely(network.alice, "Zoé Tremblay-Nakamura 2001")
    assert "Alexandre Brisson" not in html
    assert "Register the person if they are new" in html


def test_a_record_already_listed_is_not_proposed_twice(network, alexandre) -> None:
    html = _likely(network.alice, "Alexandre Brisson")
    assert "Alexandre Brisson" not in html
    assert "No other likely record" in html


def test_another_partners_record_is_hinted_only_with_a_full_name_and_date(network) -> None:
    client_register(
        acting_user=network.bob,
        given_name="Alexandre",
        family_name="Brisson",
        date_of_birth=BORN,
    )
    with_date = _likely(network.alice, "Alex Brison 1978-04-11")
    assert "A possible existing record at another partner" in with_date
    assert "Alexandre" not in with_date and "Refuge" not in with_date

    name_only = _likely(network.alice, "Alex Brison")
    assert "A possible existing record at another partner" not in name_only


def test_the_likely_search_is_for_partner_staff(network) -> None:
    # Client data is always seen through an organization: a network
    # administrator without one is refused.
    assert client_for(network.root).get("/en/linkage/likely/", {"q": "Alex"}).status_code == 403
    assert client_for(None).get("/en/linkage/likely/", {"q": "Alex"}).status_code == 302
