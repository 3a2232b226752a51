"""Merging two records of one person, undoing it exactly, and the
coordinators' review queue of possible duplicates."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from parcours.access import client_access_for, clients_visible_to
from parcours.clients.models import Client, ConsentDirective, Visit
from parcours.clients.services import client_register, visit_record
from parcours.core.models import AuditAction, AuditEvent
from parcours.linkage import selectors, services
from parcours.linkage.models import (
    ClientMerge,
    LinkageRun,
    MatchCandidate,
    MatchStatus,
    PersonIdentity,
)
from tests.conftest import client_for, share


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages in English (pages choose their language from the URL)."""
    with translation.override("en"):
        yield


LINKAGE_TABLES = (ClientMerge, MatchCandidate, PersonIdentity, Client, ConsentDirective, Visit)


def snapshot() -> dict[str, object]:
    """Everything a merge or its undoing may touch, to compare states exactly."""
    return {
        "identities": sorted(PersonIdentity.objects.values_list("client_id", "person_key")),
        "merges_in_force": sorted(
            ClientMerge.objects.filter(unmerged_at__isnull=True).values_list("client_a", "client_b")
        ),
        "candidates": sorted(
            MatchCandidate.objects.values_list("client_a", "client_b", "status", "merge")
        ),
        "clients": sorted(
            Client.objects.values_list("pk", "given_name", "family_name", "version", "linked_to")
        ),
        "directives": sorted(ConsentDirective.objects.values_list("pk", "client_id")),
        "visits": sorted(Visit.objects.values_list("pk", "client_id")),
    }


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in LINKAGE_TABLES)


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


@pytest.fixture
def marie_at_shelter(network) -> Client:
    """The shelter registered her too, and she shares her identity with the hub."""
    client = client_register(
        acting_user=network.bob,
        given_name="Marie-Eve",
        family_name="Côté",
        date_of_birth=dt.date(1984, 9, 3),
        preferred_language="fr",
    )
    share(client, by=network.bob, categories=["identity"], organizations=[network.carrefour])
    return client


def candidate(a: Client, b: Client, probability: float = 0.97) -> MatchCandidate:
    left, right = (a, b) if str(a.pk) < str(b.pk) else (b, a)
    return MatchCandidate.objects.create(
        client_a=left,
        client_b=right,
        match_probability=probability,
        evidence=[
            {"field": "date_of_birth", "level": 4, "reason": "exact", "weight": 9.0},
            {"field": "given_name", "level": 3, "reason": "accents_case", "weight": 4.0},
        ],
    )


# --- merge and unmerge -------------------------------------------------------------


def test_a_merge_keeps_both_records_as_identities_of_one_person(network, marie, marie_again):
    merge = services.client_merge(
        acting_user=network.alice_admin, client_a=marie, client_b=marie_again
    )
    assert Client.objects.filter(pk__in=[marie.pk, marie_again.pk]).count() == 2
    keys = set(PersonIdentity.objects.values_list("person_key", flat=True))
    assert keys == {marie.pk}  # the person is known by their oldest record
    assert services.person_key(marie_again.pk) == marie.pk
    events = AuditEvent.objects.filter(action=AuditAction.MERGE, target_id=str(merge.pk))
    assert {e.client_id for e in events} == {marie.pk, marie_again.pk}
    assert selectors.identities_for(network.alice_admin, marie) == [marie_again]


def test_unmerge_restores_exactly_the_previous_state(network, marie, marie_again):
    before = snapshot()
    merge = services.client_merge(
        acting_user=network.alice_admin, client_a=marie, client_b=marie_again
    )
    assert snapshot() != before
    services.client_unmerge(acting_user=network.alice_admin, merge=merge, reason="Twins")
    assert snapshot() == before
    assert AuditEvent.objects.filter(action=AuditAction.UNMERGE).count() == 2


def test_undoing_the_latest_of_two_merges_restores_the_state_between_them(
    network, marie, marie_again
):
    third = client_register(
        acting_user=network.alice,
        given_name="M-E",
        family_name="Cote",
        date_of_birth=dt.date(1984, 3, 9),
    )
    services.client_merge(acting_user=network.alice_admin, client_a=marie, client_b=marie_again)
    between = snapshot()
    latest = services.client_merge(
        acting_user=network.alice_admin, client_a=marie_again, client_b=third
    )
    assert set(PersonIdentity.objects.values_list("person_key", flat=True)) == {marie.pk}
    services.client_unmerge(acting_user=network.alice_admin, merge=latest, reason="Not her")
    assert snapshot() == between


def test_unmerging_the_first_of_a_chain_splits_the_person_where_it_joined(
    network, marie, marie_again
):
    third = client_register(
        acting_user=network.alice, given_name="Marie", family_name="Côté", birth_year=1984
    )
    first = services.client_merge(
        acting_user=network.alice_admin, client_a=marie, client_b=marie_again
    )
    services.client_merge(acting_user=network.alice_admin, client_a=marie_again, client_b=third)
    services.client_unmerge(acting_user=network.alice_admin, merge=first, reason="Wrong")
    assert services.person_key(marie.pk) == marie.pk
    assert not PersonIdentity.objects.filter(client=marie).exists()
    assert services.person_key(marie_again.pk) == services.person_key(third.pk)


def test_records_already_one_person_are_not_merged_again(network, marie, marie_again):
    services.client_merge(acting_user=network.alice_admin, client_a=marie, client_b=marie_again)
    with pytest.raises(ValidationError, match="already one person"):
        services.client_merge(acting_user=network.alice_admin, client_a=marie_again, client_b=marie)
    assert ClientMerge.objects.count() == 1


def test_an_anonymous_record_is_linked_not_merged(network, marie):
    anonymous = client_register(acting_user=network.alice, is_anonymous=True, birth_year=1984)
    with pytest.raises(ValidationError, match="anonymous"):
        services.client_merge(acting_user=network.alice_admin, client_a=marie, client_b=anonymous)
    assert ClientMerge.objects.count() == 0


def test_a_case_manager_who_is_not_a_coordinator_cannot_merge(network, marie, marie_again):
    before = counts()
    with pytest.raises(PermissionDenied):
        services.client_merge(acting_user=network.alice, client_a=marie, client_b=marie_again)
    assert counts() == before


def test_a_coordinator_who_cannot_see_both_records_cannot_merge(network, marie, marie_at_shelter):
    before = counts()
    # The shelter's administrator does not see the hub's record of Marie.
    with pytest.raises(PermissionDenied):
        services.client_merge(
            acting_user=network.bob_admin, client_a=marie, client_b=marie_at_shelter
        )
    assert counts() == before


def test_a_merge_never_widens_what_a_partner_sees(network, marie, marie_at_shelter):
    visit_record(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        needs=["mental_health"],
        services=[],
    )
    services.client_merge(
        acting_user=network.alice_admin, client_a=marie, client_b=marie_at_shelter
    )
    # The shelter still does not see the hub's record, nor its visits.
    assert not clients_visible_to(network.bob).filter(pk=marie.pk).exists()
    assert client_for(network.bob).get(f"/fr/clients/{marie.pk}/").status_code == 404
    page = client_for(network.bob).get(f"/fr/clients/{marie_at_shelter.pk}/")
    assert page.status_code == 200
    assert str(marie.pk) not in page.content.decode()
    assert selectors.identities_for(network.bob, marie_at_shelter) == []
    # The hub sees both identities, as it did before the merge.
    assert selectors.identities_for(network.alice, marie) == [marie_at_shelter]


def test_the_client_file_shows_the_other_identities_and_the_undo_link(network, marie, marie_again):
    merge = services.client_merge(
        acting_user=network.alice_admin, client_a=marie, client_b=marie_again
    )
    page = (
        client_for(network.alice_admin)
        .get(f"/en/clients/{marie.pk}/?tab=identity")
        .content.decode()
    )
    assert 'id="identities"' in page
    assert f"/en/clients/{marie_again.pk}/" in page
    assert reverse("linkage:merge_undo", kwargs={"merge_id": merge.pk}) in page
    # A case manager sees the other record, not the undo link.
    page = client_for(network.alice).get(f"/en/clients/{marie.pk}/?tab=identity").content.decode()
    assert f"/en/clients/{marie_again.pk}/" in page
    assert "/undo/" not in page


def test_unmerge_page_asks_for_a_reason_and_confirms(network, marie, marie_again):
    merge = services.client_merge(
        acting_user=network.alice_admin, client_a=marie, client_b=marie_again
    )
    web = client_for(network.alice_admin)
    url = f"/en/linkage/merges/{merge.pk}/undo/"
    assert "Undo the merge" in web.get(url).content.decode()
    before = snapshot()
    response = web.post(url, {"reason": ""})
    assert response.status_code == 422
    assert "Say why the merge is undone." in response.content.decode()
    assert snapshot() == before
    response = web.post(url, {"reason": "Two sisters"})
    assert response.status_code == 302
    merge.refresh_from_db()
    assert merge.unmerged_at is not None and merge.unmerge_reason == "Two sisters"
    assert web.post(url, {"reason": "again"}).status_code == 422


def test_unmerge_page_is_for_coordinators_who_see_both_records(network, marie, marie_again):
    merge = services.client_merge(
        acting_user=network.alice_admin, client_a=marie, client_b=marie_again
    )
    url = f"/fr/linkage/merges/{merge.pk}/undo/"
    assert client_for(None).get(url).status_code == 302
    assert client_for(network.alice).post(url, {"reason": "x"}).status_code == 403
    assert client_for(network.bob_admin).post(url, {"reason": "x"}).status_code == 404
    assert client_for(network.root).post(url, {"reason": "x"}).status_code == 403
    merge.refresh_from_db()
    assert merge.unmerged_at is None


# --- the review queue ---------------------------------------------------------------


def test_the_review_queue_lists_pairs_with_why_for_the_coordinator(network, marie, marie_again):
    candidate(marie, marie_again)
    page = client_for(network.alice_admin).get("/en/linkage/review/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Marie-Ève Côté" in body and "Marie Eve COTE" in body
    assert "same date of birth" in body
    event = AuditEvent.objects.filter(action=AuditAction.SEARCH).latest("id")
    assert set(event.detail["clients"]) == {str(marie.pk), str(marie_again.pk)}


def test_the_review_queue_is_empty_with_a_message(network):
    body = client_for(network.alice_admin).get("/en/linkage/review/").content.decode()
    assert 'id="queue-empty"' in body


def test_the_review_queue_is_for_coordinators_only(network, marie, marie_again):
    item = candidate(marie, marie_again)
    assert client_for(None).get("/fr/linkage/review/").status_code == 302
    assert client_for(network.alice).get("/fr/linkage/review/").status_code == 403
    assert client_for(network.nurse).get("/fr/linkage/review/").status_code == 403
    assert client_for(network.root).get("/fr/linkage/review/").status_code == 403
    before = counts()
    url = f"/fr/linkage/review/{item.pk}/"
    assert client_for(network.alice).post(url, {"decision": "same_person"}).status_code == 403
    # Another partner's coordinator does not know the pair exists.
    assert client_for(network.bob_admin).get(url).status_code == 404
    assert client_for(network.bob_admin).post(url, {"decision": "same_person"}).status_code == 404
    assert counts() == before
    body = client_for(network.bob_admin).get("/fr/linkage/review/").content.decode()
    assert "Côté" not in body


def test_a_pair_with_a_record_the_coordinator_may_not_see_is_not_in_their_queue(network, marie):
    hidden = client_register(
        acting_user=network.bob,
        given_name="Marie-Eve",
        family_name="Cote",
        date_of_birth=dt.date(1984, 3, 9),
    )
    candidate(marie, hidden)
    assert selectors.review_queue(network.alice_admin).count() == 0
    assert selectors.review_queue(network.bob_admin).count() == 0


def test_same_person_merges_from_the_queue(network, marie, marie_again):
    item = candidate(marie, marie_again)
    response = client_for(network.alice_admin).post(
        f"/en/linkage/review/{item.pk}/", {"decision": "same_person", "note": "Same person"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == MatchStatus.SAME_PERSON and item.merge is not None
    assert services.person_key(marie_again.pk) == marie.pk


def test_not_the_same_person_is_remembered_and_never_proposed_again(network, marie, marie_again):
    item = candidate(marie, marie_again)
    client_for(network.alice_admin).post(
        f"/en/linkage/review/{item.pk}/", {"decision": "not_same_person", "note": "Twins"}
    )
    item.refresh_from_db()
    assert item.status == MatchStatus.NOT_SAME_PERSON
    with pytest.raises(ValidationError, match="not to be the same person"):
        services.client_merge(acting_user=network.alice_admin, client_a=marie, client_b=marie_again)
    call_command("link_clients", review_threshold="0.01", stdout=io.StringIO())
    item.refresh_from_db()
    assert item.status == MatchStatus.NOT_SAME_PERSON
    assert not selectors.review_queue(network.alice_admin).filter(pk=item.pk).exists()
    assert (
        MatchCandidate.objects.filter(client_a=item.client_a, client_b=item.client_b).count() == 1
    )


def test_a_deferred_pair_waits_under_deferred(network, marie, marie_again):
    item = candidate(marie, marie_again)
    client_for(network.alice_admin).post(f"/en/linkage/review/{item.pk}/", {"decision": "deferred"})
    assert selectors.review_queue(network.alice_admin).count() == 0
    assert list(selectors.review_queue(network.alice_admin, status="deferred")) == [item]
    # A deferred pair can still be decided later.
    services.match_decide(acting_user=network.alice_admin, candidate=item, decision="same_person")


def test_a_decision_without_a_choice_is_refused_and_changes_nothing(network, marie, marie_again):
    item = candidate(marie, marie_again)
    before = snapshot()
    response = client_for(network.alice_admin).post(f"/en/linkage/review/{item.pk}/", {})
    assert response.status_code == 422
    assert "Choose same person" in response.content.decode()
    assert snapshot() == before


def test_undoing_a_merge_puts_the_pair_back_in_the_queue(network, marie, marie_again):
    item = candidate(marie, marie_again)
    services.match_decide(acting_user=network.alice_admin, candidate=item, decision="same_person")
    item.refresh_from_db()
    assert item.merge is not None
    services.client_unmerge(acting_user=network.alice_admin, merge=item.merge, reason="Twins")
    item.refresh_from_db()
    assert item.status == MatchStatus.PENDING and item.merge is None


def test_the_review_queue_query_count_does_not_grow_with_pairs(
    network, django_assert_max_num_queries
):
    records = [
        client_register(
            acting_user=network.alice,
            given_name=f"Jean{'-' * (n % 2)}Pierre{n}",
            family_name="Tremblay",
            date_of_birth=dt.date(1970, 1, 1 + n),
        )
        for n in range(12)
    ]
    for left, right in zip(records[::2], records[1::2], strict=True):
        candidate(left, right)
    web = client_for(network.alice_admin)
    with django_assert_max_num_queries(14):
        assert web.get("/fr/linkage/review/").status_code == 200


# --- batch linkage of the registry ---------------------------------------------------


def test_link_clients_queues_likely_pairs_and_leaves_different_people_alone(
    network, marie, marie_again
):
    client_register(
        acting_user=network.alice,
        given_name="Jacques",
        family_name="Lavoie",
        date_of_birth=dt.date(1950, 11, 30),
    )
    call_command("link_clients", stdout=io.StringIO())
    run = LinkageRun.objects.get()
    assert run.records == 3 and run.finished_at is not None
    pairs = list(MatchCandidate.objects.values_list("client_a", "client_b", "status"))
    expected = tuple(sorted([marie.pk, marie_again.pk], key=str))
    assert pairs == [(*expected, MatchStatus.PENDING)]
    item = MatchCandidate.objects.get()
    assert item.evidence and item.match_probability >= 0.8
    # Running it again adds nothing new.
    call_command("link_clients", stdout=io.StringIO())
    assert MatchCandidate.objects.count() == 1


def test_link_clients_merges_automatically_only_when_asked(network, marie, marie_again):
    call_command(
        "link_clients",
        auto_merge_above="0.5",
        review_threshold="0.5",
        stdout=io.StringIO(),
    )
    merge = ClientMerge.objects.get()
    assert merge.automatic and merge.merged_by is None
    assert services.person_key(marie_again.pk) == marie.pk
    assert AuditEvent.objects.filter(action=AuditAction.MERGE).count() == 2


def test_link_clients_refuses_a_bad_threshold(network):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as exc:
        call_command("link_clients", review_threshold="1.5")
    assert exc.value.returncode == 2
    with pytest.raises(CommandError):
        call_command("link_clients", review_threshold="0.9", auto_merge_above="0.5")
    assert LinkageRun.objects.count() == 0


def test_search_before_create_proposes_a_merged_person_once(network, marie, marie_again):
    from parcours.linkage.selectors import candidates_for, record_from_input

    record = record_from_input("Marie-Eve", "Cote", dt.date(1984, 3, 9))
    assert len(candidates_for(network.alice, record)) == 2
    services.client_merge(acting_user=network.alice_admin, client_a=marie, client_b=marie_again)
    found = candidates_for(network.alice, record)
    assert len(found) == 1 and found[0].visible


def test_a_hidden_record_of_a_person_the_worker_sees_is_not_hinted_at(
    network, marie, marie_at_shelter
):
    from parcours.linkage.selectors import candidates_for, record_from_input

    hidden = client_register(
        acting_user=network.bob,
        given_name="Marie-Eve",
        family_name="Cote",
        date_of_birth=dt.date(1984, 3, 9),
    )
    record = record_from_input("Marie-Eve", "Cote", dt.date(1984, 3, 9))
    assert any(not c.visible for c in candidates_for(network.alice, record))
    services.client_merge(acting_user=network.bob_admin, client_a=marie_at_shelter, client_b=hidden)
    services.client_merge(
        acting_user=network.alice_admin, client_a=marie, client_b=marie_at_shelter
    )
    found = candidates_for(network.alice, record)
    assert [c.visible for c in found] == [True]


def test_the_decision_page_offers_to_undo_the_merge_it_made(network, marie, marie_again):
    item = candidate(marie, marie_again)
    web = client_for(network.alice_admin)
    web.post(f"/en/linkage/review/{item.pk}/", {"decision": "same_person", "note": ""})
    item.refresh_from_db()
    undo = reverse("linkage:merge_undo", kwargs={"merge_id": item.merge_id})

    page = web.get(f"/en/linkage/review/{item.pk}/").content.decode()
    assert 'id="undo-merge"' in page and undo in page

    french = web.get(undo.replace("/en/", "/fr/")).content.decode()
    assert "Défaire la fusion" in french and "Retour" in french
    assert "Annuler la fusion" not in french

    web.post(undo, {"reason": "Deux personnes différentes"})
    page = web.get(f"/en/linkage/review/{item.pk}/").content.decode()
    assert 'id="undo-merge"' not in page
