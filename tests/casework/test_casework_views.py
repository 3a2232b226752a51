"""The casework screens: caseloads, enrolling from the client file, closing,
stepping down, the waitlist and the program's standards, for each persona."""

from __future__ import annotations

import datetime as dt

import pytest

from parcours.casework.models import Enrollment, ProgramStandard, WaitlistEntry, WaitlistStatus
from parcours.casework.services import enrollment_close, enrollment_open, waitlist_add
from parcours.clients.models import Client
from parcours.core.models import AuditAction, AuditEvent
from tests.casework.conftest import Casework, register, today
from tests.conftest import Network, client_for, share
from tests.factories import (
    ProgramFactory,
    ProgramMembershipFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)


def counts() -> tuple[int, ...]:
    return (
        Enrollment.objects.count(),
        WaitlistEntry.objects.filter(status=WaitlistStatus.WAITING).count(),
        ProgramStandard.objects.filter(version__gt=1).count(),
        AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, AuditAction.LOGIN]).count(),
    )


def _enroll(network: Network, client: Client, casework: Casework, **kw: object) -> Enrollment:
    return enrollment_open(
        acting_user=network.alice,
        client=client,
        program=casework.icm,
        start_date=today() - dt.timedelta(days=10),
        **kw,  # type: ignore[arg-type]
    )


# --- route × persona -----------------------------------------------------------


def _routes(network: Network, casework: Casework) -> list[tuple[str, str, dict[str, object]]]:
    client = casework.clients[0]
    enrollment = _enroll(network, client, casework)
    entry = waitlist_add(
        acting_user=network.alice, program=casework.icm, client=casework.clients[1]
    )
    icm = casework.icm.pk
    return [
        ("get", f"/fr/caseloads/{icm}/", {}),
        ("get", f"/fr/caseloads/{icm}/standards/", {}),
        ("post", f"/fr/caseloads/{icm}/standards/", {"version": 1, "model": "icm"}),
        ("get", f"/fr/clients/{client.pk}/enrollments/", {}),
        ("get", f"/fr/clients/{casework.clients[2].pk}/enrollments/new/", {}),
        (
            "post",
            f"/fr/clients/{casework.clients[2].pk}/enrollments/new/",
            {"program": str(icm), "start_date": today().isoformat()},
        ),
        (
            "post",
            f"/fr/clients/{casework.clients[2].pk}/waitlist/",
            {"program": str(icm)},
        ),
        ("get", f"/fr/enrollments/{enrollment.pk}/close/", {}),
        (
            "post",
            f"/fr/enrollments/{enrollment.pk}/close/",
            {"end_date": today().isoformat(), "end_reason": "goals_met"},
        ),
        (
            "post",
            f"/fr/enrollments/{enrollment.pk}/transfer/",
            {
                "to_program": str(casework.act.pk),
                "transfer_date": today().isoformat(),
                "end_reason": "transferred",
                "reason": "x",
            },
        ),
        ("post", f"/fr/waitlist/{entry.pk}/move/", {"direction": "down"}),
        ("post", f"/fr/waitlist/{entry.pk}/remove/", {"reason": "x"}),
        ("post", f"/fr/waitlist/{entry.pk}/offer/", {"start_date": today().isoformat()}),
    ]


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_written(
    network: Network, casework: Casework
) -> None:
    web = client_for(None)
    for method, url, data in _routes(network, casework):
        before = counts()
        response = getattr(web, method)(url, data)
        assert response.status_code == 302, url
        assert "/login" in response["Location"] or "connexion" in response["Location"], url
        assert counts() == before, url


def test_another_partner_gets_404_everywhere_and_writes_nothing(
    network: Network, casework: Casework
) -> None:
    web = client_for(network.bob)
    for method, url, data in _routes(network, casework):
        before = counts()
        response = getattr(web, method)(url, data)
        assert response.status_code == 404, url
        assert counts() == before, url


def test_another_partner_with_identity_consent_still_cannot_enroll_into_our_programs(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    share(
        client,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )
    web = client_for(network.bob)
    before = counts()
    response = web.post(
        f"/fr/clients/{client.pk}/enrollments/new/",
        {"program": str(casework.icm.pk), "start_date": today().isoformat()},
    )
    assert response.status_code == 200
    assert "program" in response.context["form"].errors
    assert counts() == before


def test_a_case_manager_cannot_change_the_programs_standards(
    network: Network, casework: Casework
) -> None:
    web = client_for(network.alice)
    before = counts()
    assert web.get(f"/fr/caseloads/{casework.icm.pk}/standards/").status_code == 404
    response = web.post(
        f"/fr/caseloads/{casework.icm.pk}/standards/", {"version": 1, "model": "icm"}
    )
    assert response.status_code == 404
    assert counts() == before


# --- the caseload page -----------------------------------------------------------


def test_caseload_page_shows_each_worker_against_the_ratio_in_few_queries(
    network: Network, casework: Casework, django_assert_max_num_queries: object
) -> None:
    workers = [network.alice]
    for n in range(3):
        user = UserFactory(email=f"cm{n}@carrefour.example", organization=network.carrefour)
        ProgramMembershipFactory(user=user, program=casework.icm)
        workers.append(user)
    extra = [register(network.alice, f"Client{n}", f"Famille{n}") for n in range(6)]
    everyone = casework.clients + extra
    for index, client in enumerate(everyone[:10]):
        _enroll(network, client, casework, primary_worker=workers[index % 4])
    for client in everyone[10:]:
        waitlist_add(acting_user=network.alice, program=casework.icm, client=client)
    web = client_for(network.alice)
    # 15 on PostgreSQL: the audit chain takes an advisory lock.
    # +1 on PostgreSQL since two-factor sign-in reads the session's device.
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        response = web.get(f"/en/caseloads/{casework.icm.pk}/")
    assert response.status_code == 200
    load = response.context["load"]
    by_worker = {row.worker: row.count for row in load.rows if row.worker}
    assert by_worker[network.alice] == 3
    assert load.capacity == 3 * 5  # alice, nurse and three more case managers
    assert [w.position for w in load.waitlist] == [1, 2]
    body = response.content.decode()
    assert "Lavoie" in body and "3 of 3" in body
    event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id")
    assert event.detail["section"] == "caseload"
    assert len(event.detail["clients"]) == 12


def test_a_full_case_manager_shows_at_capacity(network: Network, casework: Casework) -> None:
    for client in casework.clients[:3]:
        _enroll(network, client, casework, primary_worker=network.alice)
    response = client_for(network.alice).get(f"/en/caseloads/{casework.icm.pk}/")
    assert "At capacity" in response.content.decode()


def test_a_worker_outside_the_program_does_not_see_its_caseload(
    network: Network, casework: Casework
) -> None:
    outsider = UserFactory(email="other@carrefour.example", organization=network.carrefour)
    assert client_for(outsider).get(f"/fr/caseloads/{casework.icm.pk}/").status_code == 404
    response = client_for(outsider).get("/fr/caseloads/")
    assert casework.icm.name not in response.content.decode()


# --- enrolling, closing, transferring from the client file ----------------------------


def test_case_manager_enrolls_a_client_from_the_file(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    web = client_for(network.alice)
    response = web.get(f"/fr/clients/{client.pk}/?tab=care")
    assert 'id="casework"' in response.content.decode()
    response = web.post(
        f"/fr/clients/{client.pk}/enrollments/new/",
        {
            "program": str(casework.icm.pk),
            "start_date": today().isoformat(),
            "primary_worker": str(network.alice.pk),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/fr/clients/{client.pk}/?tab=care#casework"
    enrollment = Enrollment.objects.get(client=client)
    assert enrollment.primary_worker == network.alice
    response = web.get(response["Location"])
    assert casework.icm.name in response.content.decode()


def test_capacity_refusal_is_shown_on_the_form_and_nothing_is_written(
    network: Network, casework: Casework
) -> None:
    for client in casework.clients[:3]:
        _enroll(network, client, casework, primary_worker=network.alice)
    before = counts()
    response = client_for(network.alice).post(
        f"/en/clients/{casework.clients[3].pk}/enrollments/new/",
        {
            "program": str(casework.icm.pk),
            "start_date": today().isoformat(),
            "primary_worker": str(network.alice.pk),
        },
    )
    assert response.status_code == 200
    assert "Capacity exceeded" in response.content.decode()
    assert counts() == before


def test_bad_dates_are_refused_and_nothing_is_written(network: Network, casework: Casework) -> None:
    enrollment = _enroll(network, casework.clients[0], casework)
    before = counts()
    response = client_for(network.alice).post(
        f"/en/enrollments/{enrollment.pk}/close/",
        {
            "end_date": (enrollment.start_date - dt.timedelta(days=3)).isoformat(),
            "end_reason": "goals_met",
        },
    )
    assert response.status_code == 200
    assert "before the start date" in response.content.decode()
    assert counts() == before


def test_closing_an_enrollment_from_the_file(network: Network, casework: Casework) -> None:
    enrollment = _enroll(network, casework.clients[0], casework)
    response = client_for(network.alice).post(
        f"/fr/enrollments/{enrollment.pk}/close/",
        {"end_date": today().isoformat(), "end_reason": "goals_met", "destination": "CLSC"},
    )
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.end_reason == "goals_met" and enrollment.destination == "CLSC"


def test_stepping_down_from_the_file_opens_the_next_program(
    network: Network, casework: Casework
) -> None:
    act = enrollment_open(
        acting_user=casework.act_staff[0],
        client=casework.clients[0],
        program=casework.act,
        start_date=today() - dt.timedelta(days=300),
        team=casework.act_team,
    )
    response = client_for(network.alice).post(
        f"/fr/enrollments/{act.pk}/transfer/",
        {
            "to_program": str(casework.icm.pk),
            "transfer_date": today().isoformat(),
            "end_reason": "stepped_down",
            "reason": "Stable depuis six mois",
            "primary_worker": str(network.alice.pk),
        },
    )
    assert response.status_code == 302
    act.refresh_from_db()
    assert not act.is_open
    new = Enrollment.objects.get(client=casework.clients[0], end_date__isnull=True)
    assert new.program == casework.icm and new.previous_enrollment == act


# --- who sees a client's enrollments -----------------------------------------------------


def test_a_partner_sees_enrollments_only_with_case_plan_consent(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    _enroll(network, client, casework)
    share(client, by=network.alice, categories=["identity"], organizations=[network.refuge])
    web = client_for(network.bob)
    response = web.get(f"/fr/clients/{client.pk}/enrollments/")
    assert response.status_code == 200
    assert response.context["enrollments"] == []
    share(client, by=network.alice, categories=["case_plan"], organizations=[network.refuge])
    response = web.get(f"/fr/clients/{client.pk}/enrollments/")
    assert [e.program for e in response.context["enrollments"]] == [casework.icm]
    # Seeing is not changing: the partner has no close link and gets a 404.
    enrollment = response.context["enrollments"][0]
    assert f"/enrollments/{enrollment.pk}/close/" not in response.content.decode()
    assert web.get(f"/fr/enrollments/{enrollment.pk}/close/").status_code == 404


# --- the waitlist --------------------------------------------------------------------


def test_managing_the_waitlist_from_the_caseload_page(network: Network, casework: Casework) -> None:
    web = client_for(network.alice)
    for client in casework.clients[:3]:
        response = web.post(f"/fr/clients/{client.pk}/waitlist/", {"program": str(casework.icm.pk)})
        assert response.status_code == 302
    entries = list(WaitlistEntry.objects.order_by("position"))
    web.post(f"/fr/waitlist/{entries[2].pk}/move/", {"direction": "up"})
    assert web.get(f"/fr/waitlist/{entries[0].pk}/remove/").status_code == 200  # confirmation
    web.post(f"/fr/waitlist/{entries[0].pk}/remove/", {"reason": "Parti à Gatineau"})
    order = list(
        WaitlistEntry.objects.filter(status="waiting")
        .order_by("position")
        .values_list("client__family_name", "position")
    )
    assert order == [("Bergeron", 1), ("Pelletier", 2)]
    response = web.post(
        f"/fr/waitlist/{entries[2].pk}/offer/",
        {"start_date": today().isoformat(), "primary_worker": str(network.alice.pk)},
    )
    assert response.status_code == 302
    assert Enrollment.objects.get(client=casework.clients[2]).program == casework.icm


# --- standards ---------------------------------------------------------------------


def test_a_coordinator_changes_the_standards_and_a_stale_form_is_refused(
    network: Network, casework: Casework
) -> None:
    web = client_for(casework.coordinator)
    url = f"/fr/caseloads/{casework.icm.pk}/standards/"
    form = web.get(url).context["form"]
    data = {f: ("" if v is None else v) for f, v in form.initial.items() if f in form.fields}
    data.update({"clients_per_staff": 18, "version": casework.icm_standard.version})
    data["team_based"] = ""
    response = web.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    standard = ProgramStandard.objects.get(program=casework.icm)
    assert standard.clients_per_staff == 18
    data["clients_per_staff"] = 25  # the same, stale, version again
    response = web.post(url, data)
    assert response.status_code == 200
    assert 'id="stale-edit"' in response.content.decode()
    standard.refresh_from_db()
    assert standard.clients_per_staff == 18


pytestmark = pytest.mark.django_db


def test_act_caseload_is_counted_by_team(network: Network, casework: Casework) -> None:
    for client in casework.clients[:3]:
        enrollment_open(
            acting_user=casework.act_staff[0],
            client=client,
            program=casework.act,
            start_date=today(),
            team=casework.act_team,
        )
    response = client_for(casework.act_staff[1]).get(f"/en/caseloads/{casework.act.pk}/")
    assert response.status_code == 200
    load = response.context["load"]
    assert [(row.role, row.count, row.limit) for row in load.rows] == [("Équipe SIM", 3, 4)]
    assert load.capacity == 4 and not load.is_full
    assert "1 team staff member for 2 clients" in response.content.decode()


def test_a_step_down_between_two_partners_is_linked_from_the_enroll_form(
    network: Network, casework: Casework
) -> None:
    """Horizon's ACT team closes its enrollment (stepped down); the ICM
    provider opens the next one and links it, so the history reads as one."""
    client = casework.clients[0]
    share(client, by=network.alice, categories=["identity", "case_plan"], all_partners=True)

    act = ProgramFactory(organization=network.refuge, name="SIM du refuge", kind="act")
    team = TeamFactory(program=act, name="Équipe")
    ProgramMembershipFactory(user=network.bob, program=act)
    TeamMembershipFactory(user=network.bob, team=team)
    old = enrollment_open(
        acting_user=network.bob,
        client=client,
        program=act,
        start_date=today() - dt.timedelta(days=300),
        team=team,
    )
    enrollment_close(
        acting_user=network.bob,
        enrollment=old,
        end_date=today(),
        end_reason="stepped_down",
        destination=str(casework.icm),
    )
    web = client_for(network.alice)
    form = web.get(f"/fr/clients/{client.pk}/enrollments/new/").context["form"]
    assert list(form.fields["previous_enrollment"].queryset) == [old]
    response = web.post(
        f"/fr/clients/{client.pk}/enrollments/new/",
        {
            "program": str(casework.icm.pk),
            "start_date": today().isoformat(),
            "primary_worker": str(network.alice.pk),
            "previous_enrollment": str(old.pk),
        },
    )
    assert response.status_code == 302
    new = Enrollment.objects.get(client=client, program=casework.icm)
    assert new.previous_enrollment == old
