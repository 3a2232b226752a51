"""An administrator resets at most PASSWORD_RESETS_PER_HOUR passwords an hour
(security finding 2): a stolen administrator session cannot take over every
account of the organization at once."""

from __future__ import annotations

from parcours.core.models import AuditAction, AuditEvent
from tests.conftest import client_for
from tests.factories import UserFactory


def test_the_eleventh_reset_in_an_hour_is_refused_with_a_clear_message(network, settings):
    settings.PASSWORD_RESETS_PER_HOUR = 3
    colleagues = [
        UserFactory(email=f"collegue{n}@carrefour.example", organization=network.carrefour)
        for n in range(4)
    ]
    admin = client_for(network.alice_admin)
    form = {
        "new_password1": "Un-nouveau-mot-de-passe-9",
        "new_password2": "Un-nouveau-mot-de-passe-9",
    }
    for colleague in colleagues[:3]:
        response = admin.post(f"/fr/staff/{colleague.pk}/password/", form)
        assert response.status_code == 302
    last = colleagues[3]
    before = last.password
    response = admin.post(f"/fr/staff/{last.pk}/password/", form)
    assert response.status_code == 200
    assert "dans la dernière heure" in response.content.decode()
    last.refresh_from_db()
    assert last.password == before
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET).count() == 3
