"""The client-centred plan: goals in the client's words, steps, reviews,
optimistic concurrency, history, sharing and the printable PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from parcours.access import client_access_for
from parcours.casework.models import CasePlan, Goal, GoalReview, GoalStep
from parcours.casework.services import (
    StaleEdit,
    enrollment_open,
    enrollment_transfer,
    goal_add,
    goal_review_add,
    goal_update,
    plan_ensure,
    plan_review_record,
    plan_update,
)
from parcours.core.models import AuditAction, AuditEvent
from tests.casework.conftest import Casework, register, today
from tests.casework.pdftext import pdf_text
from tests.conftest import Network, client_for, share


def counts() -> tuple[int, ...]:
    return (
        CasePlan.objects.count(),
        Goal.objects.count(),
        GoalStep.objects.count(),
        GoalReview.objects.count(),
        AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, AuditAction.LOGIN]).count(),
    )


def _goal(network: Network, client, **kw) -> Goal:  # type: ignore[no-untyped-def]
    values = {
        "statement": "Avoir mon propre appartement près de ma fille",
        "support_type": "housing",
        "sub_domain": "housing_search",
        "responsible": "client",
        "target_date": today() + dt.timedelta(days=90),
        "steps": ["Remplir la demande de logement social", "Visiter deux logements"],
    }
    values.update(kw)
    return goal_add(
        acting_user=network.alice, client_access=client_access_for(network.alice, client), **values
    )


# --- services ----------------------------------------------------------------------


def test_a_goal_in_the_clients_words_starts_the_plan_with_its_steps(
    network: Network, casework: Casework
) -> None:
    goal = _goal(network, casework.clients[0])
    plan = goal.plan
    assert plan.client == casework.clients[0]
    assert plan.next_review_on == today() + dt.timedelta(days=90)
    assert [s.description for s in goal.steps.all()] == [
        "Remplir la demande de logement social",
        "Visiter deux logements",
    ]
    assert AuditEvent.objects.filter(target_id=str(goal.pk), action=AuditAction.CREATE).exists()
    assert goal.history.count() == 1


def test_the_area_must_belong_to_the_support_type_and_nothing_is_written(
    network: Network, casework: Casework
) -> None:
    before = counts()
    with pytest.raises(ValidationError) as exc:
        _goal(network, casework.clients[0], support_type="clinical", sub_domain="income")
    assert "sub_domain" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _goal(network, casework.clients[0], statement="  ", responsible="partner")
    assert {"statement", "responsible_organization"} <= set(exc.value.message_dict)
    assert counts() == before


def test_a_stale_goal_edit_is_refused_with_what_changed(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    goal = _goal(network, client)
    client_access = client_access_for(network.alice, client)
    nurse_acc = client_access_for(network.nurse, client)
    goal_update(
        acting_user=network.nurse,
        client_access=nurse_acc,
        goal=goal,
        expected_version=1,
        changes={"target_date": today() + dt.timedelta(days=30), "status": "on_hold"},
    )
    with pytest.raises(StaleEdit) as exc:
        goal_update(
            acting_user=network.alice,
            client_access=client_access,
            goal=goal,
            expected_version=1,
            changes={"statement": "Un appartement, n'importe où"},
        )
    assert set(exc.value.changed) == {"target_date", "status"}
    assert exc.value.changed["status"] == ("active", "on_hold")
    goal.refresh_from_db()
    assert goal.statement.startswith("Avoir mon propre")
    assert goal.version == 2


def test_a_stale_plan_edit_is_refused(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    client_access = client_access_for(network.alice, client)
    plan = plan_ensure(acting_user=network.alice, client_access=client_access)
    plan_update(
        acting_user=network.nurse,
        client_access=client_access_for(network.nurse, client),
        expected_version=plan.version,
        changes={"in_own_words": "Je veux retrouver ma fille."},
    )
    with pytest.raises(StaleEdit) as exc:
        plan_update(
            acting_user=network.alice,
            client_access=client_access,
            expected_version=1,
            changes={"in_own_words": "Autre chose"},
        )
    assert exc.value.changed == {"in_own_words": ("", "Je veux retrouver ma fille.")}
    plan.refresh_from_db()
    assert plan.in_own_words == "Je veux retrouver ma fille."


def test_plan_review_is_due_after_the_programs_interval(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    casework.icm_standard.plan_review_days = 60
    casework.icm_standard.save()
    enrollment_open(
        acting_user=network.alice, client=client, program=casework.icm, start_date=today()
    )
    client_access = client_access_for(network.alice, client)
    plan = plan_ensure(acting_user=network.alice, client_access=client_access)
    assert plan.next_review_on == today() + dt.timedelta(days=60)
    reviewed = plan_review_record(
        acting_user=network.alice,
        client_access=client_access,
        expected_version=plan.version,
        reviewed_on=today() - dt.timedelta(days=2),
    )
    assert reviewed.last_reviewed_on == today() - dt.timedelta(days=2)
    assert reviewed.next_review_on == today() + dt.timedelta(days=58)


def test_an_achieved_review_marks_the_goal_achieved(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    goal = _goal(network, client)
    goal_review_add(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, client),
        goal=goal,
        progress="achieved",
        note="Bail signé le 1er du mois.",
    )
    goal.refresh_from_db()
    assert goal.status == "achieved"
    assert goal.history.count() == 2


def test_the_plan_carries_over_a_step_down(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    act = enrollment_open(
        acting_user=casework.act_staff[0],
        client=client,
        program=casework.act,
        start_date=today() - dt.timedelta(days=300),
        team=casework.act_team,
    )
    goal = _goal(network, client)
    enrollment_transfer(
        acting_user=network.alice,
        enrollment=act,
        to_program=casework.icm,
        transfer_date=today(),
        reason="Stable",
        primary_worker=network.alice,
    )
    response = client_for(network.alice).get(f"/fr/clients/{client.pk}/plan/")
    assert [g.pk for g in response.context["goals"]] == [goal.pk]


def test_a_partner_without_case_plan_consent_cannot_write_to_the_plan(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    _goal(network, client)
    share(client, by=network.alice, categories=["identity"], organizations=[network.refuge])
    before = counts()
    with pytest.raises(ValidationError):
        goal_add(
            acting_user=network.bob,
            client_access=client_access_for(network.bob, client),
            statement="x",
            support_type="housing",
            sub_domain="move_in",
        )
    assert counts() == before


# --- screens -------------------------------------------------------------------------


def test_case_manager_adds_a_goal_and_ticks_a_step_from_the_plan_page(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    web = client_for(network.alice)
    assert web.get(f"/fr/clients/{client.pk}/plan/").status_code == 200
    response = web.post(
        f"/fr/clients/{client.pk}/goals/new/",
        {
            "statement": "Retourner aux études en septembre",
            "sub_domain": "learning",
            "responsible": "client",
            "steps": "S'inscrire au centre d'éducation des adultes\nTrouver un tuteur",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.support_type == "complementary"
    step = goal.steps.first()
    web.post(f"/fr/steps/{step.pk}/done/", {"done": "1"})
    step.refresh_from_db()
    assert step.done_on == today()
    response = web.get(f"/fr/clients/{client.pk}/?tab=care")
    assert "casework-plan" in response.content.decode()
    history = web.get(f"/en/clients/{client.pk}/plan/history/")
    assert "done on" in history.content.decode()


def test_a_bad_goal_is_refused_on_the_page_and_nothing_is_written(
    network: Network, casework: Casework
) -> None:
    before = counts()
    response = client_for(network.alice).post(
        f"/fr/clients/{casework.clients[0].pk}/goals/new/",
        {"statement": "", "sub_domain": "nope", "responsible": "client"},
    )
    assert response.status_code == 422
    assert counts() == before


def test_a_stale_goal_form_shows_what_changed(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    goal = _goal(network, client)
    goal_update(
        acting_user=network.nurse,
        client_access=client_access_for(network.nurse, client),
        goal=goal,
        expected_version=1,
        changes={"status": "on_hold"},
    )
    response = client_for(network.alice).post(
        f"/en/goals/{goal.pk}/edit/",
        {
            "statement": "Changed by Alice",
            "sub_domain": "housing_search",
            "responsible": "client",
            "status": "active",
            "version": 1,
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert 'id="stale-edit"' in body and "In progress → On hold" in body
    goal.refresh_from_db()
    assert goal.statement.startswith("Avoir") and goal.status == "on_hold"


def test_plan_routes_refuse_other_partners_and_anonymous_visitors(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    goal = _goal(network, client)
    step = goal.steps.first()
    routes = [
        ("get", f"/fr/clients/{client.pk}/plan/", {}),
        ("get", f"/fr/clients/{client.pk}/plan/print/", {}),
        ("get", f"/fr/clients/{client.pk}/plan/history/", {}),
        ("post", f"/fr/clients/{client.pk}/plan/edit/", {"version": 1, "in_own_words": "x"}),
        (
            "post",
            f"/fr/clients/{client.pk}/plan/review/",
            {"version": 1, "reviewed_on": "2026-01-01"},
        ),
        (
            "post",
            f"/fr/clients/{client.pk}/goals/new/",
            {"statement": "x", "sub_domain": "income", "responsible": "client"},
        ),
        ("post", f"/fr/goals/{goal.pk}/edit/", {"statement": "x", "version": 1}),
        ("post", f"/fr/goals/{goal.pk}/steps/", {"description": "x", "responsible": "client"}),
        ("post", f"/fr/goals/{goal.pk}/review/", {"progress": "good", "reviewed_on": "2026-01-01"}),
        ("post", f"/fr/steps/{step.pk}/done/", {"done": "1"}),
    ]
    for user, status in ((None, 302), (network.bob, 404)):
        web = client_for(user)
        for method, url, data in routes:
            before = counts()
            response = getattr(web, method)(url, data)
            assert response.status_code == status, (user, url)
            assert counts() == before, url


def test_a_partner_with_case_plan_consent_sees_and_adds_to_the_shared_plan(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    _goal(network, client)
    share(
        client,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )
    web = client_for(network.bob)
    response = web.get(f"/fr/clients/{client.pk}/plan/")
    assert len(response.context["goals"]) == 1
    response = web.post(
        f"/fr/clients/{client.pk}/goals/new/",
        {
            "statement": "Dormir au chaud cet hiver",
            "sub_domain": "housing_search",
            "responsible": "client",
        },
    )
    assert response.status_code == 302
    assert Goal.objects.filter(organization=network.refuge).count() == 1


# --- the printable plan ------------------------------------------------------------


def test_the_pdf_of_a_french_speaking_client_has_the_goals_and_french_headings(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    _goal(network, client)
    _goal(
        network,
        client,
        statement="Voir un médecin de famille pour mon diabète",
        support_type="clinical",
        sub_domain="primary_care",
        steps=[],
    )
    response = client_for(network.alice).get(f"/en/clients/{client.pk}/plan/print/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Avoir mon propre appartement près de ma fille" in text
    assert "Voir un médecin de famille pour mon diabète" in text
    assert "Remplir la demande de logement social" in text
    # The screens are in English, the printout in the client's language:
    # headings and choices come from the French catalogue.
    assert "Statut" in text and "Services de soutien cliniques" in text
    assert "Status" not in text and "Clinical supports" not in text
    assert "Mon plan" in text and "Mes objectifs" in text
    assert "My goals" not in text
    event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id")
    assert event.detail["section"] == "plan_pdf"


def test_the_pdf_of_an_english_speaking_client_is_in_english(
    network: Network, casework: Casework
) -> None:
    client = register(network.alice, "Karen", "O'Connor", language="en")
    _goal(
        network,
        client,
        statement="Find a job in a kitchen",
        support_type="complementary",
        sub_domain="employment",
    )
    response = client_for(network.alice).get(f"/fr/clients/{client.pk}/plan/print/")
    text = pdf_text(response.content)
    assert "My goals" in text and "Find a job in a kitchen" in text
    assert "Status" in text and "Statut" not in text
