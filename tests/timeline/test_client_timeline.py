"""The client file opens on a timeline of what happened, newest first, each
item one the reader may see; flags for those allowed; identity in a summary."""

from __future__ import annotations

import re

from django.urls import reverse

from parcours.access import client_access_for
from parcours.core.models import AuditAction, AuditEvent
from parcours.timeline.selectors import PAGE_SIZE, client_timeline
from tests.conftest import client_for
from tests.factories import UserFactory

# The file's overview, for a client with many records of every kind: 62 when
# the timeline landed with every section on one page; 15 since the file opens
# on its overview and the other sections are on their tabs (see
# tests/timeline/test_client_file_queries.py for what the 15 are).
FILE_QUERY_BUDGET = 15


def file_url(client) -> str:
    return reverse("clients:detail", kwargs={"client_id": client.pk})


def timeline_url(client) -> str:
    return reverse("timeline:client", kwargs={"client_id": client.pk})


def items(html: str) -> list[str]:
    return re.findall(r'data-kind="([a-z_]+)"', html)


def test_the_timeline_is_newest_first_with_who_and_where(network, busy):
    page = client_timeline(client_access_for(network.bob, busy.client))
    whens = [item.when for item in page.items]
    assert whens == sorted(whens, reverse=True)
    stay = next(item for item in page.items if item.kind == "stay_in")
    assert stay.worker == "Bob Martin"
    assert stay.organization == network.refuge.name
    assert stay.place == busy.shelter.name
    assert stay.url == reverse("beds:client_stays", kwargs={"client_id": busy.client.pk})


def test_the_file_opens_on_the_timeline_and_identity_is_on_its_tab(network, busy):
    web = client_for(network.alice)
    html = web.get(file_url(busy.client)).content.decode()
    summary, tabs = html.index('id="identity-summary"'), html.index('id="file-tabs"')
    assert summary < tabs < html.index('id="timeline"')
    assert 'id="identity-heading"' not in html
    assert 'href="?tab=identity#identity"' in html
    assert len(items(html)) == PAGE_SIZE
    assert 'id="timeline-more"' in html
    identity = web.get(file_url(busy.client), {"tab": "identity"}).content.decode()
    assert 'id="identity-heading"' in identity
    assert 'id="timeline"' not in identity
    assert 'id="tab-identity" aria-current="page"' in identity


def test_filter_by_kind_with_get_parameters(network, busy):
    web = client_for(network.alice)
    html = web.get(timeline_url(busy.client), {"kind": "visit"}).content.decode()
    assert set(items(html)) == {"visit"}
    html = web.get(timeline_url(busy.client), {"kind": ["tenancy", "pathway"]}).content.decode()
    assert set(items(html)) == {"tenancy_start", "tenancy_end", "pathway"}
    html = web.get(file_url(busy.client), {"kind": "assessment"}).content.decode()
    assert set(items(html)) == {"assessment"}


def test_show_more_brings_the_next_page(network, busy):
    web = client_for(network.bob)
    first = items(web.get(file_url(busy.client)).content.decode())
    more = items(web.get(timeline_url(busy.client), {"page": 2}).content.decode())
    assert len(first) == PAGE_SIZE
    assert len(more) > PAGE_SIZE
    partial = web.get(timeline_url(busy.client), {"page": 2}, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content
    assert len(items(partial.content.decode())) == len(more)


def test_a_partner_without_the_housing_category_sees_no_stay_or_tenancy(network, busy):
    page = client_timeline(client_access_for(busy.jennifer, busy.client), page=3)
    kinds = {item.kind for item in page.items}
    assert kinds.isdisjoint(
        {"stay_in", "stay_out", "elsewhere_in", "street", "tenancy_start", "tenancy_end"}
    )
    assert {"visit", "encounter", "assessment", "referral"} <= kinds
    housed = {
        item.kind
        for item in client_timeline(client_access_for(network.bob, busy.client), page=3).items
    }
    assert {"stay_in", "elsewhere_in", "elsewhere_out", "street", "tenancy_start"} <= housed


def test_a_lock_boxed_record_and_a_sensitive_note_are_absent(network, busy):
    bob_sees = client_timeline(client_access_for(network.bob, busy.client), page=3).items
    assert busy.locked_encounter.pk not in {item.pk for item in bob_sees}
    assert busy.sensitive_note.pk not in {item.pk for item in bob_sees}
    alice_sees = client_timeline(client_access_for(network.alice, busy.client), page=3).items
    assert busy.locked_encounter.pk in {item.pk for item in alice_sees}
    sensitive = next(item for item in alice_sees if item.pk == busy.sensitive_note.pk)
    assert sensitive.text == ""  # the type only, never the body


def test_the_timeline_costs_the_same_whatever_the_records(
    network, busy, django_assert_max_num_queries
):
    client_access = client_access_for(network.bob, busy.client)
    with django_assert_max_num_queries(1):  # one UNION (the lock-boxes are the access's)
        page = client_timeline(client_access, page=3)
    assert len(page.items) > 2 * PAGE_SIZE


def test_the_client_file_query_budget(network, busy, django_assert_max_num_queries):
    for user in (network.alice, network.bob):
        web = client_for(user)
        web.get(file_url(busy.client))
        with django_assert_max_num_queries(FILE_QUERY_BUDGET):
            assert web.get(file_url(busy.client)).status_code == 200


def test_flags_only_for_those_allowed(network, busy):
    restriction = "Service restriction at Refuge – dortoirs"
    assert restriction in client_for(network.bob).get(file_url(busy.client)).content.decode()
    assert restriction not in client_for(network.alice).get(file_url(busy.client)).content.decode()


def test_the_read_is_audited_with_the_sections_shown(network, busy):
    web = client_for(network.bob)
    web.get(file_url(busy.client))
    views = AuditEvent.objects.filter(client_id=busy.client.pk, action=AuditAction.VIEW)
    event = views.filter(detail__section="file").latest("id")
    assert event.detail["sections"] == ["summary", "flags", "timeline"]
    web.get(file_url(busy.client), {"tab": "identity"})
    event = views.filter(detail__section="file").latest("id")
    assert {"identity", "consents", "linkage"} <= set(event.detail["sections"])
    assert "timeline" not in event.detail["sections"]
    client_for(network.bob).get(timeline_url(busy.client), {"kind": "visit"})
    event = views.filter(detail__section="timeline").latest("id")
    assert event.detail["sections"] == ["timeline", "visit"]


def test_the_timeline_page_refuses_who_may_not_see_the_client(network, busy):
    outsider = UserFactory(organization=network.hospital)
    assert client_for(outsider).get(timeline_url(busy.client)).status_code in (403, 404)
    stranger = UserFactory(email="x@marguerite.example", organization=busy.marguerite)
    other = client_for(stranger)
    assert client_for(None).get(timeline_url(busy.client)).status_code == 302
    assert other.get(timeline_url(busy.client)).status_code == 200
    assert client_for(network.bob).post(timeline_url(busy.client)).status_code == 405


def test_a_book_out_says_in_words_where_the_person_went(network, busy):
    """The destination of a stay is a label in the reader's language, never
    the stored code (`permanent_housing`)."""
    from django.utils import translation

    from parcours.beds.models import Stay

    Stay.objects.filter(pk=busy.stays[0].pk).update(destination="permanent_housing")
    access = client_access_for(network.bob, busy.client)
    with translation.override("en"):
        out = [i.what for i in client_timeline(access).items if i.kind == "stay_out"]
    assert "Booked out of a shelter — Permanent housing" in out
    assert not any("permanent_housing" in what for what in out)
    with translation.override("fr"):
        out = [i.what for i in client_timeline(access).items if i.kind == "stay_out"]
    assert any(what.endswith("— Logement permanent") for what in out)
