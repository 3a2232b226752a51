"""Version 0 means "I start a new plan": when another worker started the
client's plan meanwhile, the save is refused (409) and their text is kept —
on the screen and through the API alike."""

from __future__ import annotations

from parcours.casework.models import CasePlan
from tests.api.conftest import api_client_for
from tests.casework.conftest import Casework
from tests.conftest import Network, client_for


def test_a_second_new_plan_through_the_api_is_a_409_and_the_first_text_is_kept(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    url = f"/api/v1/clients/{client.pk}/plan"
    first = api_client_for(network.alice).patch(url, {"version": 0, "in_own_words": "Un chez-moi"})
    assert first.status_code == 200, first.json()
    second = api_client_for(casework.coordinator).patch(
        url, {"version": 0, "in_own_words": "Autre chose"}
    )
    assert second.status_code == 409, second.json()
    assert "propres mots" in second.json()["detail"]
    plan = CasePlan.objects.get(client=client)
    assert (plan.in_own_words, plan.version) == ("Un chez-moi", first.json()["version"])


def test_a_second_new_plan_on_the_screen_is_a_409_and_the_first_text_is_kept(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    url = f"/fr/clients/{client.pk}/plan/edit/"
    form = {"version": "0", "in_own_words": "Un chez-moi", "strengths": "", "context": ""}
    first = client_for(network.alice).post(url, {**form, "next_review_on": ""})
    assert first.status_code == 302, first.content[:2000]
    second = client_for(casework.coordinator).post(
        url, {**form, "in_own_words": "Autre chose", "next_review_on": ""}
    )
    assert second.status_code == 409
    assert "Un chez-moi" in second.content.decode()
    plan = CasePlan.objects.get(client=client)
    assert plan.in_own_words == "Un chez-moi"
