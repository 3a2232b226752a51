"""Staff create and revoke their own API tokens."""

from __future__ import annotations

from parcours.accounts.models import ApiToken
from parcours.accounts.services import api_token_authenticate, api_token_create
from tests.conftest import client_for


def test_token_is_shown_once_and_works(network):
    client = client_for(network.alice)
    html = client.post("/en/account/api-tokens/", {"name": "export"}).content.decode()
    assert "Copy this token now" in html
    secret = html.split('class="token-secret">')[1].split("<")[0]
    assert api_token_authenticate(secret) == network.alice
    assert secret not in client.get("/en/account/api-tokens/").content.decode()


def test_a_label_is_required(network):
    html = client_for(network.alice).post("/en/account/api-tokens/", {"name": ""}).content.decode()
    assert "This field is required." in html
    assert not ApiToken.objects.exists()


def test_staff_revoke_their_own_tokens_but_not_others(network):
    issued = api_token_create(user=network.bob)
    response = client_for(network.alice).post(f"/en/account/api-tokens/{issued.token.pk}/revoke/")
    assert response.status_code == 404
    assert api_token_authenticate(issued.secret) == network.bob
    client_for(network.bob).post(f"/en/account/api-tokens/{issued.token.pk}/revoke/")
    assert api_token_authenticate(issued.secret) is None


def test_anonymous_cannot_open_the_tokens_page(db):
    assert client_for(None).get("/en/account/api-tokens/").status_code == 302
