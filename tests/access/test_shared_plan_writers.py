"""The client's one shared plan (security finding 9): a partner that sees only
the identity cannot write it — so it can never take the plan over by writing
first and lock the registering organization out."""

from __future__ import annotations

from parcours.casework.models import CasePlan
from parcours.core.models import AuditEvent
from tests.api.conftest import api_client_for
from tests.conftest import client_for, share


def _plan_form(text: str) -> dict[str, str]:
    return {
        "version": "0",
        "in_own_words": text,
        "strengths": "",
        "context": "",
        "next_review_on": "",
    }


def test_a_partner_with_identity_only_cannot_start_the_plan(network, marie):
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    last_event = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    api = api_client_for(network.bob).patch(
        f"/api/v1/clients/{marie.pk}/plan", {"version": 0, "in_own_words": "Je prends la main"}
    )
    assert api.status_code in (403, 404, 422), api.json()
    screen = client_for(network.bob).post(
        f"/fr/clients/{marie.pk}/plan/edit/", _plan_form("Je prends la main")
    )
    assert screen.status_code != 302
    assert not CasePlan.objects.filter(client=marie).exists()
    assert not AuditEvent.objects.filter(pk__gt=last_event, action="record.create").exists()


def test_the_registering_organization_is_never_locked_out_of_its_clients_plan(network, marie):
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    client_for(network.bob).post(f"/fr/clients/{marie.pk}/plan/edit/", _plan_form("Moi d'abord"))
    response = client_for(network.alice).post(
        f"/fr/clients/{marie.pk}/plan/edit/", _plan_form("Un chez-moi")
    )
    assert response.status_code == 302
    assert CasePlan.objects.get(client=marie).in_own_words == "Un chez-moi"


def test_a_partner_the_client_shares_the_case_plan_with_writes_it_too(network, marie):
    share(marie, by=network.alice, categories=["identity", "case_plan"], all_partners=True)
    response = client_for(network.bob).post(
        f"/fr/clients/{marie.pk}/plan/edit/", _plan_form("Un logement près du parc")
    )
    assert response.status_code == 302
    plan = CasePlan.objects.get(client=marie)
    # Whoever started it, the others the client shares it with write it too.
    response = api_client_for(network.alice).patch(
        f"/api/v1/clients/{marie.pk}/plan",
        {"version": plan.version, "context": "Suivi au Carrefour"},
    )
    assert response.status_code == 200, response.json()
