"""One path for the screens and the API: the same lookup decides which
record a user may act on, so both answer alike."""

from __future__ import annotations

import pytest

from parcours.casework.models import Enrollment
from parcours.casework.services import enrollment_close, enrollment_open
from tests.api.conftest import api_client_for
from tests.casework.conftest import Casework, today
from tests.conftest import Network, client_for, share

ACTIONS = [
    ("close", {"end_date": "{today}", "end_reason": "goals_met"}),
    (
        "transfer",
        {
            "to_program_id": "{act}",
            "transfer_date": "{today}",
            "end_reason": "stepped_down",
            "reason": "Moins de soutien",
        },
    ),
    ("reassign", {"version": 2}),
]


def _enrollment(network: Network, casework: Casework, *, closed: bool) -> Enrollment:
    enrollment = enrollment_open(
        acting_user=network.alice,
        client=casework.clients[0],
        program=casework.icm,
        start_date=today(),
    )
    if closed:
        enrollment_close(
            acting_user=network.alice,
            enrollment=enrollment,
            end_date=today(),
            end_reason="goals_met",
        )
    return enrollment


def _api_call(action: str) -> tuple[str, str]:
    return {
        "close": ("post", "close"),
        "transfer": ("post", "transfer"),
        "reassign": ("patch", ""),
    }[action]


@pytest.mark.parametrize(("action", "payload"), ACTIONS)
@pytest.mark.parametrize("who", ["owner_closed", "partner_with_consent"])
def test_screen_and_api_refuse_the_same_enrollments(
    network: Network, casework: Casework, action: str, payload: dict[str, object], who: str
) -> None:
    enrollment = _enrollment(network, casework, closed=who == "owner_closed")
    user = network.alice
    if who == "partner_with_consent":
        share(
            casework.clients[0],
            by=network.alice,
            categories=["identity", "case_plan"],
            organizations=[network.refuge],
        )
        user = network.bob
    data = {
        k: str(v).format(today=today().isoformat(), act=casework.act.pk) for k, v in payload.items()
    }
    if action == "reassign":
        data = {"version": enrollment.version}  # type: ignore[dict-item]
    before = Enrollment.objects.get(pk=enrollment.pk).version
    screen = client_for(user).get(f"/fr/enrollments/{enrollment.pk}/{action}/")
    method, suffix = _api_call(action)
    url = f"/api/v1/enrollments/{enrollment.pk}" + (f"/{suffix}" if suffix else "")
    api = getattr(api_client_for(user), method)(url, data)
    assert (screen.status_code, api.status_code) == (404, 404), api.json()
    assert Enrollment.objects.get(pk=enrollment.pk).version == before


def test_screen_and_api_both_let_the_owner_act_on_an_open_enrollment(
    network: Network, casework: Casework
) -> None:
    enrollment = _enrollment(network, casework, closed=False)
    assert (
        client_for(network.alice).get(f"/fr/enrollments/{enrollment.pk}/close/").status_code == 200
    )
    response = api_client_for(network.alice).post(
        f"/api/v1/enrollments/{enrollment.pk}/close",
        {"end_date": today().isoformat(), "end_reason": "goals_met"},
    )
    assert response.status_code == 200, response.json()
