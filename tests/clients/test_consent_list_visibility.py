"""Finding 8 of issue 13: the consent list does not tell a partner who else
the client shares with. The registering organization (and so the client's
privacy reviewers) sees every directive, every partner and the witness; any
other partner sees only the directives that concern it, with itself as the
only partner named and no witness — on the client page and through the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from parcours import access
from parcours.access import client_access_for
from parcours.accounts.models import User
from parcours.clients import services
from parcours.clients.models import Client, ConsentDirective
from parcours.core.models import AuditEvent
from tests.api.conftest import api_client_for
from tests.conftest import Network, client_for
from tests.factories import OrganizationFactory, UserFactory

WITNESS_HOUSING = "Paulette Témoin-Logement"
WITNESS_CLINIC = "Wanda Témoin-Clinique"
CLINIC = "Clinique Mieux-Être"


@dataclass
class Directives:
    everyone: ConsentDirective  # all partners, identity, written
    housing: ConsentDirective  # Refuge and the clinic, housing, verbal with a witness
    clinic: ConsentDirective  # the clinic only, case plan, verbal with a witness
    carl: User  # staff of a partner no directive names (sees Marie by "all partners")
    dana: User  # staff of a partner that holds an emergency access
    nina: User  # staff of the clinic


def _directive(by: User, client: Client, **values: object) -> ConsentDirective:
    return services.consent_directive_create(
        acting_user=by,
        client_access=client_access_for(by, client),
        start_date=timezone.localdate() - dt.timedelta(days=1),
        **values,  # type: ignore[arg-type]
    )


@pytest.fixture
def directives(network: Network, marie: Client) -> Directives:
    clinic = OrganizationFactory(name=CLINIC, kind="health")
    halte = OrganizationFactory(name="Halte Nord", kind="drop_in")
    mission = OrganizationFactory(name="Mission Est", kind="shelter")
    everyone = _directive(
        network.alice, marie, categories=["identity"], all_partners=True, method="written"
    )
    housing = _directive(
        network.alice,
        marie,
        categories=["housing"],
        organizations=[network.refuge, clinic],
        method="verbal",
        witnessed_by=WITNESS_HOUSING,
    )
    in_clinic = _directive(
        network.alice,
        marie,
        categories=["case_plan"],
        organizations=[clinic],
        method="verbal",
        witnessed_by=WITNESS_CLINIC,
    )
    dana = UserFactory(email="dana@mission.example", organization=mission)
    # Mission Est is named by no directive: it holds an emergency access.
    services.break_glass_open(
        acting_user=dana, client=marie, reason="Trouvée inconsciente, allergies?"
    )
    return Directives(
        everyone=everyone,
        housing=housing,
        clinic=in_clinic,
        carl=UserFactory(email="carl@halte.example", organization=halte),
        dana=dana,
        nina=UserFactory(email="nina@clinic.example", organization=clinic),
    )


def _api_list(user: User, client: Client) -> list[dict[str, object]]:
    response = api_client_for(user).get(f"/api/v1/clients/{client.pk}/consents")
    assert response.status_code == 200, response.json()
    return response.json()


def _page(user: User, client: Client) -> str:
    response = client_for(user).get(f"/en/clients/{client.pk}/?tab=identity")
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('id="consents"')
    return html[start : html.index("</section>", start)]


def _shown(user: User, client: Client) -> dict[str, tuple[list[str], str]]:
    """Directive id → (partners named, witness), as the API shows them."""
    return {
        str(d["id"]): (
            [str(o["name"]) for o in d["organizations"]],  # type: ignore[index, union-attr]
            str(d["witnessed_by"]),
        )
        for d in _api_list(user, client)
    }


@pytest.mark.parametrize("persona", ["alice", "alice_admin"])
def test_the_registering_organization_sees_every_directive_partner_and_witness(
    network, marie, directives, persona
):
    user = getattr(network, persona)
    assert _shown(user, marie) == {
        str(directives.everyone.pk): ([], ""),
        str(directives.housing.pk): ([CLINIC, "Refuge Saint-Laurent"], WITNESS_HOUSING),
        str(directives.clinic.pk): ([CLINIC], WITNESS_CLINIC),
    }
    html = _page(user, marie)
    assert CLINIC in html and WITNESS_HOUSING in html and WITNESS_CLINIC in html


def test_a_named_partner_sees_only_the_directives_that_concern_it(network, marie, directives):
    assert _shown(network.bob, marie) == {
        str(directives.everyone.pk): ([], ""),
        str(directives.housing.pk): (["Refuge Saint-Laurent"], ""),
    }
    html = _page(network.bob, marie)
    assert "Refuge Saint-Laurent" in html
    for secret in (CLINIC, WITNESS_HOUSING, WITNESS_CLINIC):
        assert secret not in html


def test_the_clinic_does_not_learn_of_the_refuge_nor_the_witnesses(network, marie, directives):
    assert _shown(directives.nina, marie) == {
        str(directives.everyone.pk): ([], ""),
        str(directives.housing.pk): ([CLINIC], ""),
        str(directives.clinic.pk): ([CLINIC], ""),
    }
    html = _page(directives.nina, marie)
    for secret in ("Refuge Saint-Laurent", WITNESS_HOUSING, WITNESS_CLINIC):
        assert secret not in html


def test_a_partner_seeing_the_client_through_all_partners_sees_that_directive_only(
    network, marie, directives
):
    assert _shown(directives.carl, marie) == {str(directives.everyone.pk): ([], "")}
    html = _page(directives.carl, marie)
    for secret in (CLINIC, "Refuge Saint-Laurent", WITNESS_HOUSING, WITNESS_CLINIC):
        assert secret not in html


def test_an_emergency_access_opens_the_record_not_the_list_of_who_shares(
    network, marie, directives
):
    client_access = access.client_get_for_user(directives.dana, marie.pk)
    assert client_access.break_glass is not None
    assert list(access.consent_directives_visible_to(client_access)) == [directives.everyone]
    assert _shown(directives.dana, marie) == {str(directives.everyone.pk): ([], "")}
    html = _page(directives.dana, marie)
    for secret in (CLINIC, "Refuge Saint-Laurent", WITNESS_HOUSING, WITNESS_CLINIC):
        assert secret not in html


def test_a_partner_cannot_open_or_withdraw_a_directive_that_does_not_concern_it(
    network, marie, directives
):
    bob_web, bob_api = client_for(network.bob), api_client_for(network.bob)
    before = (
        ConsentDirective.objects.filter(withdrawn_at__isnull=False).count(),
        AuditEvent.objects.count(),
    )
    assert bob_web.get(f"/fr/consents/{directives.clinic.pk}/withdraw/").status_code == 404
    assert bob_web.post(f"/fr/consents/{directives.clinic.pk}/withdraw/").status_code == 404
    assert bob_api.post(f"/api/v1/consents/{directives.clinic.pk}/withdraw").status_code == 404
    assert (
        ConsentDirective.objects.filter(withdrawn_at__isnull=False).count(),
        AuditEvent.objects.count(),
    ) == before
    # The directive that names it, the client may withdraw at the Refuge: the
    # answer still names no other partner and no witness.
    response = bob_api.post(
        f"/api/v1/consents/{directives.housing.pk}/withdraw", {"reason": "Dit au refuge"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["witnessed_by"]) == ("withdrawn", "")
    assert [o["name"] for o in body["organizations"]] == ["Refuge Saint-Laurent"]
