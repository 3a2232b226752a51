"""Search-before-create across the network, without leaking what consent protects."""

from __future__ import annotations

import datetime as dt

import pytest

from parcours.clients.services import client_register
from parcours.core.models import AuditEvent
from parcours.linkage.models import LinkageRequest, LinkageRequestStatus
from tests.conftest import client_for, share


@pytest.fixture
def robert(network):
    """A man the shelter (Refuge) registered; the hub cannot see him."""
    return client_register(
        acting_user=network.bob,
        given_name="Robert",
        family_name="Lévesque",
        date_of_birth=dt.date(1968, 10, 5),
        health_card_number="5555 444 333 RL",
    )


def _candidates(user, **params):
    return client_for(user).get("/en/linkage/candidates/", params)


def test_a_likely_record_the_worker_may_see_is_shown_with_why(network, robert):
    share(robert, by=network.bob, categories=["identity"], organizations=[network.carrefour])
    html = _candidates(
        network.alice, given_name="Bob", family_name="Levesque", date_of_birth="1968-10-05"
    ).content.decode()
    assert "Robert Lévesque" in html
    assert "a nickname of the other" in html
    assert "same date of birth" in html


def test_a_likely_record_at_another_partner_leaks_nothing(network, robert):
    response = _candidates(
        network.alice, given_name="Bob", family_name="Levesque", date_of_birth="1968-10-05"
    )
    html = response.content.decode()
    assert "A possible existing record at another partner" in html
    for secret in (
        "Robert",
        "Lévesque",
        "Levesque\u00a0",
        "1968",
        "Refuge",
        "Saint-Laurent",
        "shelter",
        str(robert.pk),
        "RL",
    ):
        assert secret not in html.replace('value="Levesque"', "").replace(
            'value="1968-10-05"', ""
        ), secret


def test_unrelated_names_propose_nothing(network, robert):
    html = _candidates(
        network.alice, given_name="Aïcha", family_name="Haddad", date_of_birth="1999-01-01"
    ).content.decode()
    assert "may already be known" not in html


def test_a_linkage_request_goes_to_the_partners_coordinator_and_leaks_nothing(network, robert):
    web = client_for(network.alice)
    response = web.post(
        "/en/linkage/requests/new/",
        {
            "lk-given_name": "Bob",
            "lk-family_name": "Levesque",
            "lk-date_of_birth": "1968-10-05",
            "lk-hidden_rank": "0",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Request sent" in body
    assert "Robert" not in body and "Refuge" not in body
    request = LinkageRequest.objects.get()
    assert request.target_client == robert
    assert request.target_organization == network.refuge
    assert request.requesting_organization == network.carrefour
    # The request is audited, but the requester's audit log holds no id of the hidden record.
    event = AuditEvent.objects.filter(
        actor=network.alice, target_type="linkage.linkagerequest"
    ).get()
    assert event.client_id is None
    assert str(robert.pk) not in client_for(network.alice_admin).get("/en/audit/").content.decode()

    # The same request twice is answered the same way, and stays one request.
    again = web.post(
        "/en/linkage/requests/new/",
        {
            "lk-given_name": "Bob",
            "lk-family_name": "Levesque",
            "lk-date_of_birth": "1968-10-05",
            "lk-hidden_rank": "0",
        },
    )
    assert again.status_code == 200 and again.content == response.content
    assert LinkageRequest.objects.count() == 1

    # The requester's list shows the status, not the other record.
    sent = web.get("/en/linkage/requests/").content.decode()
    assert "Waiting for the partner" in sent
    assert "Robert" not in sent

    # The shelter's coordinator sees both sides and answers.
    admin = client_for(network.bob_admin)
    received = admin.get("/en/linkage/requests/").content.decode()
    assert "Robert Lévesque" in received and "Bob Levesque" in received
    admin.post(
        f"/en/linkage/requests/{request.pk}/answer/",
        {"status": "same_person", "note": "Nous vous appelons."},
    )
    request.refresh_from_db()
    assert request.status == LinkageRequestStatus.SAME_PERSON
    assert "Same person" in web.get("/en/linkage/requests/").content.decode()


def test_a_request_for_a_rank_that_is_not_proposed_is_refused(network, robert):
    response = client_for(network.alice).post(
        "/en/linkage/requests/new/",
        {
            "lk-given_name": "Bob",
            "lk-family_name": "Levesque",
            "lk-date_of_birth": "1968-10-05",
            "lk-hidden_rank": "3",
        },
    )
    assert response.status_code == 422
    assert not LinkageRequest.objects.exists()


def test_only_the_target_partners_coordinators_answer(network, robert):
    client_for(network.alice).post(
        "/en/linkage/requests/new/",
        {
            "lk-given_name": "Bob",
            "lk-family_name": "Levesque",
            "lk-date_of_birth": "1968-10-05",
            "lk-hidden_rank": "0",
        },
    )
    request = LinkageRequest.objects.get()
    for persona in ("bob", "alice", "alice_admin"):
        response = client_for(getattr(network, persona)).post(
            f"/en/linkage/requests/{request.pk}/answer/", {"status": "not_same_person"}
        )
        assert response.status_code == 404, persona
    request.refresh_from_db()
    assert request.status == LinkageRequestStatus.OPEN


@pytest.mark.parametrize("route", ["/en/linkage/candidates/", "/en/linkage/requests/"])
def test_linkage_pages_are_for_partner_staff(network, route):
    assert client_for(None).get(route).status_code == 302
    assert client_for(network.root).get(route).status_code == 403


def test_a_health_card_or_a_name_alone_does_not_hint_at_hidden_records(network, robert):
    for params in (
        {"health_card": "5555444333RL"},
        {"given_name": "Robert", "family_name": "Lévesque"},
        {"family_name": "Levesque", "date_of_birth": "1968-10-05"},
    ):
        html = _candidates(network.alice, **params).content.decode()
        assert "another partner" not in html, params


def _many(network, count: int, **fields):
    """``count`` clients of the hub with the given fields, their name keys
    filled as registration fills them."""
    from parcours.clients.models import Client
    from parcours.clients.names import name_keys

    rows = []
    for n in range(count):
        values = {
            "given_name": f"Prénom{chr(65 + n % 26)}{chr(65 + n // 26)}",
            "family_name": "Tremblay",
            "date_of_birth": dt.date(1950 + n % 40, 1 + n % 12, 1 + n % 28),
            **fields,
        }
        rows.append(
            Client(
                registered_by_organization=network.carrefour,
                name_keys=name_keys([values["given_name"], values["family_name"]]),
                **values,
            )
        )
    Client.objects.bulk_create(rows)


def test_a_common_family_name_does_not_crowd_out_the_likely_record(network):
    from parcours.linkage.selectors import candidates_for, record_from_input

    _many(network, 350)
    target = client_register(
        acting_user=network.alice,
        given_name="Zoé",
        family_name="Tremblay",
        date_of_birth=dt.date(1991, 6, 5),
    )
    # Typed with the day and month swapped: many Tremblays, one likely record.
    found = candidates_for(network.alice, record_from_input("Zoe", "Tremblay", dt.date(1991, 5, 6)))
    assert found and found[0].client == target


def test_a_renewed_health_card_finds_the_record_by_its_ten_digits(network, marie):
    from parcours.linkage.selectors import candidates_for, record_from_input

    # Stored as 1234567890AB; the new card has another version code.
    found = candidates_for(network.alice, record_from_input("", "", None, "1234 567 890 XY"))
    assert [c.client for c in found] == [marie]


def test_search_before_create_reads_a_bounded_number_of_queries(
    network, marie, django_assert_max_num_queries
):
    from parcours.linkage.selectors import candidates_for, record_from_input

    _many(network, 60)
    typed = record_from_input("Marie-Eve", "Cote", dt.date(1984, 3, 9), "1234567890")
    with django_assert_max_num_queries(12):
        assert candidates_for(network.alice, typed)


def test_the_linkage_requests_page_audits_the_clients_it_shows(network, robert):
    """Finding 11 of issue 13: the requests page shows the coordinator their
    client's name; which records it showed is in the audit log."""
    client_for(network.alice).post(
        "/en/linkage/requests/new/",
        {
            "lk-given_name": "Bob",
            "lk-family_name": "Levesque",
            "lk-date_of_birth": "1968-10-05",
            "lk-hidden_rank": "0",
        },
    )
    assert LinkageRequest.objects.count() == 1
    received = client_for(network.bob_admin).get("/en/linkage/requests/").content.decode()
    assert "Robert Lévesque" in received
    event = (
        AuditEvent.objects.filter(action="record.search", actor=network.bob_admin)
        .order_by("-id")
        .first()
    )
    assert event is not None
    assert event.detail["query"] == "linkage_requests"
    assert event.detail["clients"] == [str(robert.pk)]
    # The requester's page names no record of the registry: nothing to audit,
    # and never the id of the record it may not see.
    web = client_for(network.alice)
    before = AuditEvent.objects.count()
    assert "Bob Levesque" in web.get("/en/linkage/requests/").content.decode()
    assert AuditEvent.objects.count() == before
    assert not AuditEvent.objects.filter(client_id=robert.pk, actor=network.alice).exists()
