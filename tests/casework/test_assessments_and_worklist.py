"""Acuity assessments (an instrument stored as data, a recommendation with
its explanation, the worker's choice with a reason, history) and the
worklist, whose items appear and disappear with their condition."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parcours.access import client_access_for
from parcours.casework.models import (
    Assessment,
    AssessmentInstrument,
    CasePlan,
    Enrollment,
    InstrumentQuestion,
)
from parcours.casework.services import (
    assessment_record,
    encounter_record,
    enrollment_open,
    explain,
    goal_add,
    goal_review_add,
    plan_review_record,
    program_standard_ensure,
)
from parcours.casework.worklist import Kind, worklist
from parcours.core.models import AuditAction, AuditEvent
from tests.casework.conftest import Casework, today
from tests.conftest import Network, client_for, share
from tests.factories import ProgramFactory, ProgramMembershipFactory, TeamFactory

DEFAULT = "parcours-acuity-v1"


def _answers(level: str) -> dict[str, str]:
    """Every question answered with its lowest, middle or highest answer."""
    chosen = {}
    questions = InstrumentQuestion.objects.filter(domain__instrument__code=DEFAULT)
    for index, question in enumerate(questions.order_by("code")):
        answers = list(question.answers.order_by("score"))
        middle = answers[1 + index % 2]  # scores 1 and 2 in turn: 21 of 42
        chosen[question.code] = {"low": answers[0], "mid": middle, "high": answers[-1]}[level].code
    return chosen


def _assess(user, client, level="mid", **kw):  # type: ignore[no-untyped-def]
    return assessment_record(
        acting_user=user,
        client_access=client_access_for(user, client),
        instrument=AssessmentInstrument.objects.get(code=DEFAULT),
        answers=_answers(level),
        **kw,
    )


# --- assessments ----------------------------------------------------------------------


def test_the_default_instrument_covers_the_seven_domains_in_both_languages(db: None) -> None:
    instrument = AssessmentInstrument.objects.get(code=DEFAULT)
    codes = set(instrument.domains.values_list("code", flat=True))
    assert codes == {
        "mental_health",
        "substance_use",
        "physical_health",
        "emergency",
        "housing_history",
        "daily_living",
        "social_supports",
    }
    assert not InstrumentQuestion.objects.filter(domain__instrument=instrument, text_fr="").exists()
    assert "VI-SPDAT" not in instrument.description_en


@pytest.mark.parametrize(
    ("level", "recommendation"), [("low", "brief"), ("mid", "icm"), ("high", "act")]
)
def test_the_recommendation_follows_the_bands(
    network: Network,
    marie,
    level: str,
    recommendation: str,  # type: ignore[no-untyped-def]
) -> None:
    assessment = _assess(network.alice, marie, level)
    assert assessment.recommendation == recommendation
    assert assessment.chosen_level == recommendation
    assert assessment.max_score == 42
    assert assessment.domain_scores["mental_health"][1] == 6
    why = explain(assessment)
    assert why["explanation"] and len(why["domains"]) == 7


def test_choosing_another_level_needs_a_reason(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        _assess(network.alice, marie, "high", chosen_level="icm")
    assert "override_reason" in exc.value.message_dict
    assert not Assessment.objects.exists()
    assessment = _assess(
        network.alice, marie, "high", chosen_level="icm", override_reason="Refuse l'équipe SIM."
    )
    assert (assessment.recommendation, assessment.chosen_level) == ("act", "icm")


def test_every_question_must_be_answered(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    answers = _answers("low")
    answers.pop("mh_daily")
    answers["nope"] = "x"
    with pytest.raises(ValidationError) as exc:
        assessment_record(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, marie),
            instrument=AssessmentInstrument.objects.get(code=DEFAULT),
            answers=answers,
        )
    assert {"mh_daily", "nope"} <= set(exc.value.message_dict)
    assert not Assessment.objects.exists()


def test_a_client_without_assessments_shows_an_empty_history(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    response = client_for(network.alice).get(f"/en/clients/{marie.pk}/assessments/")
    assert response.status_code == 200
    assert response.context["assessments"] == []


def test_one_assessment_has_no_change_to_show(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    _assess(network.alice, marie, "mid")
    response = client_for(network.alice).get(f"/en/clients/{marie.pk}/assessments/")
    (only,) = response.context["assessments"]
    assert only.change is None


def test_reassessment_history_shows_the_change(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    _assess(network.alice, marie, "high", assessed_on=today() - dt.timedelta(days=200))
    _assess(network.alice, marie, "mid")
    response = client_for(network.alice).get(f"/en/clients/{marie.pk}/assessments/")
    first, second = response.context["assessments"]
    assert first.total_score < second.total_score
    assert first.change == first.total_score - second.total_score < 0
    assert second.change is None


def test_assessing_from_the_screen(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    web = client_for(network.alice)
    assert web.get(f"/fr/clients/{marie.pk}/assessments/new/").status_code == 200
    data = {f"q_{k}": v for k, v in _answers("high").items()}
    data.update({"assessed_on": today().isoformat(), "instrument": DEFAULT})
    response = web.post(f"/fr/clients/{marie.pk}/assessments/new/", data)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    page = web.get(f"/en/assessments/{assessment.pk}/")
    assert "Assertive community treatment" in page.content.decode()
    response = web.post(
        f"/en/assessments/{assessment.pk}/", {"chosen_level": "icm", "override_reason": ""}
    )
    assert response.status_code == 200
    assessment.refresh_from_db()
    assert assessment.chosen_level == "act"
    web.post(
        f"/en/assessments/{assessment.pk}/",
        {"chosen_level": "icm", "override_reason": "Prefers one worker"},
    )
    assessment.refresh_from_db()
    assert assessment.chosen_level == "icm"


def test_assessment_routes_refuse_other_partners(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    assessment = _assess(network.alice, marie)
    events = AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, AuditAction.LOGIN]).count()
    for user, status in ((None, 302), (network.bob, 404)):
        web = client_for(user)
        assert web.get(f"/fr/clients/{marie.pk}/assessments/").status_code == status
        assert web.post(f"/fr/clients/{marie.pk}/assessments/new/", {}).status_code == status
        assert (
            web.post(f"/fr/assessments/{assessment.pk}/", {"chosen_level": "brief"}).status_code
            == status
        )
    assert Assessment.objects.count() == 1
    assert (
        AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, AuditAction.LOGIN]).count()
        == events
    )
    # A partner with case-plan consent reads it but cannot change it.
    share(
        marie,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )
    web = client_for(network.bob)
    assert web.get(f"/fr/assessments/{assessment.pk}/").status_code == 200
    assert (
        web.post(f"/fr/assessments/{assessment.pk}/", {"chosen_level": "brief"}).status_code == 404
    )


# --- the worklist ------------------------------------------------------------------------


def _kinds(user, client=None, team=None) -> set[str]:  # type: ignore[no-untyped-def]
    return {i.kind for i in worklist(user, team=team) if client is None or i.client == client}


def test_no_contact_item_appears_and_disappears(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    enrollment_open(
        acting_user=network.alice,
        client=client,
        program=casework.icm,
        start_date=today() - dt.timedelta(days=20),
        primary_worker=network.alice,
    )
    assert Kind.NO_CONTACT in _kinds(network.alice, client)
    encounter_record(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, client),
        kind="home_visit",
        occurred_at=timezone.now() - dt.timedelta(days=1),
        duration_minutes=30,
    )
    assert Kind.NO_CONTACT not in _kinds(network.alice, client)
    # Another worker's client is not on alice's worklist.
    assert client not in {i.client for i in worklist(casework.coordinator)}


def test_plan_review_and_assessment_items_come_and_go(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    enrollment_open(
        acting_user=network.alice,
        client=client,
        program=casework.icm,
        start_date=today() - dt.timedelta(days=20),
        primary_worker=network.alice,
    )
    client_access = client_access_for(network.alice, client)
    goal_add(
        acting_user=network.alice,
        client_access=client_access,
        statement="Un logement",
        support_type="housing",
        sub_domain="housing_search",
    )
    assert Kind.PLAN_REVIEW not in _kinds(network.alice, client)
    CasePlan.objects.filter(client=client).update(next_review_on=today() - dt.timedelta(days=1))
    assert Kind.PLAN_REVIEW in _kinds(network.alice, client)
    plan = CasePlan.objects.get(client=client)
    plan_review_record(
        acting_user=network.alice,
        client_access=client_access,
        expected_version=plan.version,
        reviewed_on=today(),
    )
    assert Kind.PLAN_REVIEW not in _kinds(network.alice, client)

    assert Kind.ASSESSMENT in _kinds(network.alice, client)
    _assess(network.alice, client, assessed_on=today() - dt.timedelta(days=200))
    assert Kind.ASSESSMENT in _kinds(network.alice, client)
    _assess(network.alice, client)
    assert Kind.ASSESSMENT not in _kinds(network.alice, client)


def test_icm_client_at_twelve_months_needs_transition_planning(
    network: Network, casework: Casework
) -> None:
    recent, long = casework.clients[0], casework.clients[1]
    for client, days in ((recent, 100), (long, 380)):
        enrollment_open(
            acting_user=network.alice,
            client=client,
            program=casework.icm,
            start_date=today() - dt.timedelta(days=days),
            primary_worker=network.alice,
        )
    items = [i for i in worklist(network.alice) if i.kind == Kind.ICM_TRANSITION]
    assert [i.client for i in items] == [long]
    assert "/transfer/" in items[0].url


def test_stable_act_client_gets_a_step_down_review_until_a_setback(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    enrollment_open(
        acting_user=casework.act_staff[0],
        client=client,
        program=casework.act,
        start_date=today() - dt.timedelta(days=250),
        team=casework.act_team,
    )
    staff = casework.act_staff[0]
    assert Kind.ACT_STEP_DOWN in _kinds(staff, client)
    client_access = client_access_for(staff, client)
    goal = goal_add(
        acting_user=staff,
        client_access=client_access,
        statement="Garder mon appartement",
        support_type="housing",
        sub_domain="housing_retention",
    )
    goal_review_add(acting_user=staff, client_access=client_access, goal=goal, progress="setback")
    assert Kind.ACT_STEP_DOWN not in _kinds(staff, client)


def test_cti_phase_change_is_announced(network: Network, casework: Casework) -> None:
    cti = ProgramFactory(organization=network.carrefour, name="IPC", kind="cti")
    ProgramMembershipFactory(user=network.alice, program=cti)
    program_standard_ensure(cti)
    client = casework.clients[0]
    enrollment_open(
        acting_user=network.alice,
        client=client,
        program=cti,
        start_date=today() - dt.timedelta(days=85),
        primary_worker=network.alice,
    )
    items = [i for i in worklist(network.alice) if i.kind == Kind.CTI_PHASE]
    assert len(items) == 1 and "2" in items[0].label


def test_expiring_consent_is_on_the_worklist(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    enrollment_open(
        acting_user=network.alice,
        client=client,
        program=casework.icm,
        start_date=today() - dt.timedelta(days=20),
        primary_worker=network.alice,
    )
    assert Kind.CONSENT not in _kinds(network.alice, client)
    share(
        client,
        by=network.alice,
        categories=["case_plan"],
        all_partners=True,
        end_date=today() + dt.timedelta(days=10),
    )
    assert Kind.CONSENT in _kinds(network.alice, client)
    share(
        client,
        by=network.alice,
        categories=["case_plan"],
        all_partners=True,
        end_date=today() + dt.timedelta(days=365),
    )
    assert Kind.CONSENT not in _kinds(network.alice, client)


def test_team_worklist_and_query_count(
    network: Network,
    casework: Casework,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    for client in casework.clients[:3]:
        enrollment_open(
            acting_user=network.alice,
            client=client,
            program=casework.icm,
            start_date=today() - dt.timedelta(days=400),
            primary_worker=network.alice,
        )
    for client in casework.clients[3:6]:
        enrollment_open(
            acting_user=casework.act_staff[0],
            client=client,
            program=casework.act,
            start_date=today() - dt.timedelta(days=30),
            team=casework.act_team,
        )
    web = client_for(network.alice)
    # +1 on PostgreSQL since two-factor sign-in reads the session's device.
    # + coordination: menu, discharge and appointment sources
    # + the items put aside; housing: application follow-ups and subsidies ending;
    # + crisis flags, institution stays and shelter stays (one query per source,
    # whatever the number of clients)
    with django_assert_max_num_queries(40):  # +1 on PostgreSQL (the session device)
        response = web.get("/en/worklist/")
    groups = response.context["page_obj"]
    items = [i for g in groups for i in g.items]
    assert {g.client for g in groups} == set(casework.clients[:3])
    assert {Kind.NO_CONTACT, Kind.ICM_TRANSITION, Kind.ASSESSMENT} <= {i.kind for i in items}
    # The team's worklist: alice is in the ICM team "Équipe Est".
    response = web.get(f"/en/worklist/?team={network.icm_team.pk}")
    assert {i.client for i in response.context["page_obj"]} == set(casework.clients[:3])
    response = web.get(f"/en/worklist/?kind={Kind.ICM_TRANSITION}")
    assert {i.kind for g in response.context["page_obj"] for i in g.items} == {Kind.ICM_TRANSITION}
    # A team that is not hers is a 404.
    other = TeamFactory(program=casework.act, name="Autre")
    assert web.get(f"/en/worklist/?team={other.pk}").status_code == 404
    assert client_for(None).get("/en/worklist/").status_code == 302
    assert not Enrollment.objects.filter(primary_worker=network.bob).exists()
    assert client_for(network.bob).get("/en/worklist/").context["total"] == 0
