"""The directory's screens: search order and filters, the service page,
keeping entries, and who may do what (route × persona)."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from parcours.coordination.models import Service
from tests.conftest import Network, client_for
from tests.coordination.directory.conftest import Directory, make_service
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [s.name for s in response.context["page_obj"]]


def test_mainstream_programs_come_first_then_partners_then_outside(
    network: Network, directory: Directory
):
    make_service(
        network, directory.community, "Aide au revenu communautaire", description="income help"
    )
    response = client_for(network.alice).get(reverse("coordination:directory"))
    assert response.status_code == 200
    assert names(response) == [
        "Ontario Works",
        "Gestion des cas graves",
        "Hébergement d'urgence",
        "Aide au revenu communautaire",
    ]


def test_the_need_searches_name_description_and_eligibility(network: Network, directory: Directory):
    web = client_for(network.alice)
    assert names(web.get(reverse("coordination:directory"), {"q": "job"})) == ["Ontario Works"]
    assert names(web.get(reverse("coordination:directory"), {"q": "mental"})) == [
        "Gestion des cas graves"
    ]
    assert names(web.get(reverse("coordination:directory"), {"q": "au travail"})) == [
        "Ontario Works"
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"support_type": "housing"}, ["Hébergement d'urgence"]),
        ({"sub_domain": "mental_health"}, ["Gestion des cas graves"]),
        ({"language": "en"}, ["Ontario Works", "Gestion des cas graves"]),
        ({"area": "Ottawa"}, ["Ontario Works", "Gestion des cas graves"]),
        ({"reach": "mainstream"}, ["Ontario Works"]),
        ({"reach": "partner"}, ["Gestion des cas graves", "Hébergement d'urgence"]),
        ({"reach": "external"}, ["Ontario Works"]),
        ({"age": "70"}, ["Ontario Works", "Gestion des cas graves"]),
        ({"age": "16"}, ["Gestion des cas graves"]),
        ({"inactive": "on", "language": "ar"}, ["Banque alimentaire"]),
    ],
)
def test_filters(network: Network, directory: Directory, params, expected):
    response = client_for(network.alice).get(reverse("coordination:directory"), params)
    assert names(response) == expected


def test_only_active_services_by_default(network: Network, directory: Directory):
    response = client_for(network.alice).get(reverse("coordination:directory"))
    assert "Banque alimentaire" not in names(response)
    shown = client_for(network.alice).get(reverse("coordination:directory"), {"inactive": "on"})
    assert "Banque alimentaire" in names(shown)


def test_results_are_paginated_and_keep_the_filters(
    network: Network, directory: Directory, settings
):
    settings.PARCOURS_PAGE_SIZE = 2
    response = client_for(network.alice).get(reverse("coordination:directory"), {"language": "fr"})
    assert response.context["page_obj"].paginator.num_pages == 2
    assert "language=fr&amp;page=2" in response.content.decode()


def test_search_query_count_does_not_grow_with_results(
    network: Network, directory: Directory, django_assert_max_num_queries
):
    web = client_for(network.alice)
    web.get(reverse("coordination:directory"))
    for i in range(12):
        make_service(network, directory.province, f"Programme {i}", is_mainstream=True)
    with django_assert_max_num_queries(14):
        response = web.get(reverse("coordination:directory"))
    assert response.status_code == 200


def test_service_page_shows_every_field(network: Network, directory: Directory):
    response = client_for(network.alice).get(
        reverse("coordination:service_detail", kwargs={"service_id": directory.ontario_works.pk}),
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Ontario au travail",
        "370, rue Catherine",
        "K1R 5T2",
        "French",
        "18 years and over",
        "Mon–Fri 8:30–16:30",
        "613-555-0199",
    ]:
        assert text in html, text
    assert response.context["languages"] == ["English", "French"]


def test_languages_by_name_in_french(network: Network, directory: Directory):
    from django.utils import translation

    with translation.override("fr"):
        url = reverse(
            "coordination:service_detail", kwargs={"service_id": directory.ontario_works.pk}
        )
        response = client_for(network.alice).get(url)
    assert response.context["languages"] == ["anglais", "français"]


def test_partner_service_page_names_the_receiving_program(network: Network, directory: Directory):
    response = client_for(network.bob).get(
        reverse("coordination:service_detail", kwargs={"service_id": directory.icm.pk})
    )
    assert network.icm.name in response.content.decode()


# --- Who may see the directory ---------------------------------------------------------


@pytest.mark.parametrize("route", ["directory", "service_detail"])
def test_personas(network: Network, directory: Directory, route):
    kwargs = {"service_id": directory.icm.pk} if route == "service_detail" else {}
    url = reverse(f"coordination:{route}", kwargs=kwargs)
    assert client_for(None).get(url).status_code == 302
    hospital_staff = UserFactory(organization=network.hospital)
    assert client_for(hospital_staff).get(url).status_code == 403
    assert client_for(network.bob).get(url).status_code == 200
    assert client_for(network.root).get(url).status_code == 200


def test_unknown_service_is_404(network: Network, directory: Directory):
    url = reverse("coordination:service_detail", kwargs={"service_id": network.icm.pk})
    assert client_for(network.alice).get(url).status_code == 404


# --- From a client's file ------------------------------------------------------------------


def test_client_is_kept_and_each_result_offers_a_referral(
    network: Network, directory: Directory, marie
):
    try:
        target = reverse("coordination:referral_new", kwargs={"client_id": marie.pk})
    except NoReverseMatch:
        pytest.skip("the referrals' route is not there yet")
    response = client_for(network.alice).get(
        reverse("coordination:directory"), {"client": str(marie.pk), "q": "Ontario"}
    )
    html = response.content.decode()
    assert f'name="client" value="{marie.pk}"' in html
    assert f"{target}?service={directory.ontario_works.pk}" in html


def test_a_client_the_worker_may_not_see_is_404(network: Network, directory: Directory, marie):
    response = client_for(network.bob).get(
        reverse("coordination:directory"), {"client": str(marie.pk)}
    )
    assert response.status_code == 404


# --- Keeping the directory ------------------------------------------------------------------


def service_post(service: Service, **changes) -> dict[str, str]:
    data = {
        "name": service.name,
        "alternate_name": service.alternate_name,
        "status": service.status,
        "description": service.description,
        "support_type": service.support_type,
        "sub_domain": service.sub_domain,
        "languages": ", ".join(service.languages),
        "response_days": str(service.response_days),
        "locations-TOTAL_FORMS": "1",
        "locations-INITIAL_FORMS": "0",
        "locations-MIN_NUM_FORMS": "0",
        "locations-MAX_NUM_FORMS": "20",
        "locations-0-name": "",
    }
    data.update({k: str(v) for k, v in changes.items()})
    return data


def test_partner_admin_edits_their_own_service(network: Network, directory: Directory):
    url = reverse("coordination:directory_service_edit", kwargs={"service_id": directory.icm.pk})
    web = client_for(network.alice_admin)
    assert web.get(url).status_code == 200
    response = web.post(
        url,
        service_post(
            directory.icm,
            description="GCG pour adultes",
            **{"locations-0-name": "Carrefour – rue Murray", "locations-0-city": "Ottawa"},
        ),
    )
    assert response.status_code == 302
    directory.icm.refresh_from_db()
    assert directory.icm.description == "GCG pour adultes"
    assert [link.location.name for link in directory.icm.at_locations.all()] == [
        "Carrefour – rue Murray"
    ]


def test_partner_admin_cannot_edit_another_partners_service(network: Network, directory: Directory):
    url = reverse(
        "coordination:directory_service_edit", kwargs={"service_id": directory.shelter.pk}
    )
    web = client_for(network.alice_admin)
    assert web.get(url).status_code == 403
    assert web.post(url, service_post(directory.shelter, description="x")).status_code == 403
    directory.shelter.refresh_from_db()
    assert directory.shelter.description == "Emergency shelter beds, every night."


def test_a_case_manager_cannot_edit_even_their_own_organizations_service(
    network: Network, directory: Directory
):
    url = reverse("coordination:directory_service_edit", kwargs={"service_id": directory.icm.pk})
    assert client_for(network.alice).get(url).status_code == 403


def test_partner_admin_adds_a_service_to_their_own_organization_only(
    network: Network, directory: Directory
):
    web = client_for(network.bob_admin)
    own = reverse(
        "coordination:directory_service_new", kwargs={"organization_id": directory.refuge.pk}
    )
    other = reverse(
        "coordination:directory_service_new", kwargs={"organization_id": directory.province.pk}
    )
    assert web.get(other).status_code == 403
    response = web.post(
        own,
        service_post(
            directory.shelter,
            name="Halte-chaleur",
            **{"shelter_site": ""},
        ),
    )
    assert response.status_code == 302
    assert Service.objects.filter(name="Halte-chaleur", organization=directory.refuge).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"minimum_age": "30", "maximum_age": "20"}, "maximum_age"),
        ({"response_days": "0"}, "response_days"),
        ({"languages": "fr, french"}, "languages"),
        ({"support_type": "housing", "sub_domain": "mental_health"}, "sub_domain"),
    ],
)
def test_service_rules_on_the_form(network: Network, directory: Directory, changes, field):
    url = reverse("coordination:directory_service_edit", kwargs={"service_id": directory.icm.pk})
    response = client_for(network.root).post(url, service_post(directory.icm, **changes))
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    directory.icm.refresh_from_db()
    assert directory.icm.response_days == 3 and directory.icm.minimum_age is None


def test_network_admin_adds_an_organization(network: Network, directory: Directory):
    url = reverse("coordination:directory_organization_new")
    assert client_for(network.alice_admin).get(url).status_code == 403
    response = client_for(network.root).post(
        url, {"name": "Service Canada", "website": "https://canada.example"}
    )
    assert response.status_code == 302


def test_partner_admin_edits_their_entry_not_another(network: Network, directory: Directory):
    own = reverse(
        "coordination:directory_organization_edit",
        kwargs={"organization_id": directory.carrefour.pk},
    )
    other = reverse(
        "coordination:directory_organization_edit", kwargs={"organization_id": directory.refuge.pk}
    )
    web = client_for(network.alice_admin)
    assert web.post(other, {"name": "Pris"}).status_code == 403
    assert web.post(own, {"name": "Carrefour", "phone": "613-555-0101"}).status_code == 302
    directory.carrefour.refresh_from_db()
    assert directory.carrefour.phone == "613-555-0101"


def test_organization_list_offers_edits_only_where_allowed(network: Network, directory: Directory):
    response = client_for(network.alice_admin).get(reverse("coordination:directory_organizations"))
    assert response.context["editable"] == {directory.carrefour.pk}


def test_menu_item(network: Network, directory: Directory):
    response = client_for(network.alice).get(reverse("coordination:directory"))
    assert 'id="menu-directory"' in response.content.decode()
