"""Encounters, general and clinical notes: who reads what, the 24-hour rule,
addenda, history, and contact frequency against the program's standard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parcours.access import client_access_for
from parcours.accounts.models import Discipline
from parcours.casework.models import CaseNote, Encounter, NoteAddendum
from parcours.casework.selectors import notes_for
from parcours.casework.services import (
    StaleEdit,
    encounter_record,
    enrollment_open,
    goal_add,
    note_amend,
    note_correct,
    note_write,
)
from parcours.core.models import AuditAction, AuditEvent
from tests.casework.conftest import Casework, today
from tests.conftest import Network, client_for, share
from tests.factories import UserFactory


def counts() -> tuple[int, ...]:
    return (
        Encounter.objects.count(),
        CaseNote.objects.count(),
        NoteAddendum.objects.count(),
        AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, AuditAction.LOGIN]).count(),
    )


def _note(user, client, kind="general", **kw):  # type: ignore[no-untyped-def]
    return note_write(
        acting_user=user,
        client_access=client_access_for(user, client),
        kind=kind,
        text=kw.pop("text", f"Note {kind} de test"),
        **kw,
    )


@pytest.fixture
def partner_nurse(network: Network):  # type: ignore[no-untyped-def]
    return UserFactory(
        email="infirmiere@refuge.example",
        organization=network.refuge,
        discipline=Discipline.objects.get(code="nurse"),
    )


def _visible(user, client) -> set[str]:  # type: ignore[no-untyped-def]
    return {n.text for n in notes_for(client_access_for(user, client))}


# --- who reads clinical notes ---------------------------------------------------------


def test_case_manager_cannot_see_clinical_notes(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    _note(network.nurse, marie, "clinical", text="Évaluation psychiatrique: anxiété")
    _note(network.alice, marie, "general", text="Rencontre au café")
    assert _visible(network.alice, marie) == {"Rencontre au café"}
    assert _visible(network.nurse, marie) == {
        "Évaluation psychiatrique: anxiété",
        "Rencontre au café",
    }


def test_clinical_notes_of_a_partner_need_clinical_consent(
    network: Network,
    marie,
    partner_nurse,  # type: ignore[no-untyped-def]
) -> None:
    _note(network.nurse, marie, "clinical", text="Ajustement de la médication")
    _note(network.nurse, marie, "clinical", text="Antécédents familiaux", is_sensitive=True)
    share(
        marie,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )
    assert _visible(partner_nurse, marie) == set()
    share(marie, by=network.alice, categories=["clinical"], organizations=[network.refuge])
    # Shared with clinical consent — but a sensitive note stays at the hub.
    assert _visible(partner_nurse, marie) == {"Ajustement de la médication"}
    # A non-clinical partner never reads clinical notes, whatever the consent.
    assert _visible(network.bob, marie) == set()


def test_general_notes_of_a_partner_need_case_plan_consent(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    _note(network.alice, marie, text="Accompagnement à la banque")
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert _visible(network.bob, marie) == set()
    share(marie, by=network.alice, categories=["case_plan"], organizations=[network.refuge])
    assert _visible(network.bob, marie) == {"Accompagnement à la banque"}


def test_only_clinical_staff_write_clinical_notes(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    before = counts()
    with pytest.raises(ValidationError) as exc:
        _note(network.alice, marie, "clinical")
    assert "kind" in exc.value.message_dict
    with pytest.raises(ValidationError):
        _note(network.alice, marie, text="   ")
    assert counts() == before


def test_the_audit_log_does_not_copy_the_note(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    note = _note(network.nurse, marie, "clinical", text="Très confidentiel")
    event = AuditEvent.objects.get(target_id=str(note.pk))
    assert "Très confidentiel" not in str(event.after)


# --- the 24-hour rule ------------------------------------------------------------------


def test_a_note_is_corrected_within_24_hours_then_only_amended(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    note = _note(network.alice, marie, text="Rendez-vous mardi")
    client_access = client_access_for(network.alice, marie)
    note = note_correct(
        acting_user=network.alice,
        client_access=client_access,
        note=note,
        expected_version=1,
        text="Rendez-vous mercredi",
    )
    assert note.version == 2 and note.history.count() == 2
    with pytest.raises(StaleEdit):
        note_correct(
            acting_user=network.alice,
            client_access=client_access,
            note=note,
            expected_version=1,
            text="x",
        )
    CaseNote.objects.filter(pk=note.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    note.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        note_correct(
            acting_user=network.alice,
            client_access=client_access,
            note=note,
            expected_version=2,
            text="y",
        )
    assert "addendum" in str(exc.value)
    note_amend(
        acting_user=network.alice, client_access=client_access, note=note, text="Finalement jeudi"
    )
    note.refresh_from_db()
    assert note.text == "Rendez-vous mercredi"
    assert [a.text for a in note.addenda.all()] == ["Finalement jeudi"]


def test_only_the_author_corrects_a_note(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    note = _note(network.alice, marie)
    with pytest.raises(ValidationError):
        note_correct(
            acting_user=network.nurse,
            client_access=client_access_for(network.nurse, marie),
            note=note,
            expected_version=1,
            text="x",
        )
    note.refresh_from_db()
    assert note.text == "Note general de test"


# --- encounters and contact frequency -----------------------------------------------------


def test_an_encounter_links_staff_and_goals(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    client_access = client_access_for(network.alice, marie)
    goal = goal_add(
        acting_user=network.alice,
        client_access=client_access,
        statement="Ouvrir un compte bancaire",
        support_type="complementary",
        sub_domain="life_skills",
    )
    encounter = encounter_record(
        acting_user=network.alice,
        client_access=client_access,
        kind="accompaniment",
        occurred_at=timezone.now() - dt.timedelta(hours=2),
        duration_minutes=90,
        staff=[network.nurse],
        location="Caisse populaire, rue Rideau",
        support_type="complementary",
        goals=[goal],
        summary="Compte ouvert.",
    )
    assert set(encounter.staff.all()) == {network.alice, network.nurse}
    assert list(encounter.goals.all()) == [goal]


def test_bad_encounters_are_refused_and_nothing_is_written(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    before = counts()
    with pytest.raises(ValidationError) as exc:
        encounter_record(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, marie),
            kind="telepathy",
            occurred_at=timezone.now() + dt.timedelta(days=1),
            duration_minutes=0,
            staff=[network.bob],
        )
    assert {"kind", "occurred_at", "duration_minutes", "staff"} <= set(exc.value.message_dict)
    assert counts() == before


def test_contact_frequency_shows_on_the_caseload(network: Network, casework: Casework) -> None:
    seen, unseen = casework.clients[0], casework.clients[1]
    for client in (seen, unseen):
        enrollment_open(
            acting_user=network.alice,
            client=client,
            program=casework.icm,
            start_date=today() - dt.timedelta(days=60),
            primary_worker=network.alice,
        )
    encounter_record(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, seen),
        kind="home_visit",
        occurred_at=timezone.now() - dt.timedelta(days=2),
        duration_minutes=45,
    )
    encounter_record(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, unseen),
        kind="phone",
        occurred_at=timezone.now() - dt.timedelta(days=12),
        duration_minutes=10,
    )
    response = client_for(network.alice).get(f"/en/caseloads/{casework.icm.pk}/")
    row = next(r for r in response.context["load"].rows if r.worker == network.alice)
    status = {e.client: e.contact for e in row.enrollments}
    assert status[seen].days_since == 2 and not status[seen].overdue
    assert status[unseen].days_since == 12 and status[unseen].overdue
    assert row.overdue == 1
    assert "last contact 12 days ago" in response.content.decode()


# --- screens ---------------------------------------------------------------------------


def test_case_manager_records_an_encounter_and_a_note_from_the_screens(
    network: Network,
    marie,  # type: ignore[no-untyped-def]
) -> None:
    web = client_for(network.alice)
    assert web.get(f"/fr/clients/{marie.pk}/encounters/new/").status_code == 200
    when = timezone.localtime() - dt.timedelta(hours=1)
    response = web.post(
        f"/fr/clients/{marie.pk}/encounters/new/",
        {
            "kind": "office",
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 40,
            "staff": [str(network.nurse.pk)],
            "summary": "Bilan du mois",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Encounter.objects.get().summary == "Bilan du mois"
    response = web.post(f"/fr/clients/{marie.pk}/notes/new/", {"kind": "general", "text": "Appel"})
    assert response.status_code == 302
    # The clinical choice is not offered to a case manager, and is refused if forced.
    before = counts()
    response = web.post(f"/fr/clients/{marie.pk}/notes/new/", {"kind": "clinical", "text": "x"})
    assert response.status_code == 422
    assert counts() == before


def test_note_and_encounter_lists_in_few_queries(
    network: Network,
    marie,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client_access = client_access_for(network.nurse, marie)
    for n in range(6):
        encounter = encounter_record(
            acting_user=network.nurse,
            client_access=client_access,
            kind="home_visit",
            occurred_at=timezone.now() - dt.timedelta(days=n),
            duration_minutes=30,
            staff=[network.alice],
        )
        note = note_write(
            acting_user=network.nurse,
            client_access=client_access,
            kind="clinical",
            text=f"Note {n}",
            encounter=encounter,
        )
        note_amend(acting_user=network.nurse, client_access=client_access, note=note, text="Ajout")
    web = client_for(network.nurse)
    # the coordination menu: unread notifications, ACT board, roster
    with django_assert_max_num_queries(23):
        response = web.get(f"/fr/clients/{marie.pk}/notes/")
    assert len(response.context["page_obj"]) == 6
    # the coordination menu: unread notifications, ACT board, roster
    with django_assert_max_num_queries(23):
        response = web.get(f"/fr/clients/{marie.pk}/encounters/")
    assert len(response.context["page_obj"]) == 6


def test_note_routes_refuse_the_wrong_persona_and_write_nothing(
    network: Network,
    marie,  # type: ignore[no-untyped-def]
) -> None:
    clinical = _note(network.nurse, marie, "clinical")
    general = _note(network.alice, marie)
    routes = [
        ("get", f"/fr/clients/{marie.pk}/notes/", {}),
        ("get", f"/fr/clients/{marie.pk}/encounters/", {}),
        ("post", f"/fr/clients/{marie.pk}/notes/new/", {"kind": "general", "text": "x"}),
        (
            "post",
            f"/fr/clients/{marie.pk}/encounters/new/",
            {"kind": "phone", "occurred_at": "2026-01-01T10:00", "duration_minutes": 5},
        ),
        ("post", f"/fr/notes/{general.pk}/correct/", {"version": 1, "text": "x"}),
        ("post", f"/fr/notes/{general.pk}/addendum/", {"text": "x"}),
        ("get", f"/fr/notes/{general.pk}/history/", {}),
    ]
    for user, status in ((None, 302), (network.bob, 404)):
        web = client_for(user)
        for method, url, data in routes:
            before = counts()
            assert getattr(web, method)(url, data).status_code == status, (user, url)
            assert counts() == before, url
    # The non-clinical colleague: the clinical note does not exist for her.
    web = client_for(network.alice)
    for url in (
        f"/fr/notes/{clinical.pk}/history/",
        f"/fr/notes/{clinical.pk}/addendum/",
        f"/fr/notes/{clinical.pk}/correct/",
    ):
        before = counts()
        assert web.post(url, {"text": "x", "version": 1}).status_code == 404, url
        assert counts() == before
    body = web.get(f"/fr/clients/{marie.pk}/notes/").content.decode()
    assert "Note clinical de test" not in body and "Note general de test" in body


def test_reading_notes_and_encounters_is_audited(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    note = _note(network.alice, marie)
    web = client_for(network.alice)
    for url, section in (
        (f"/fr/clients/{marie.pk}/notes/", "notes"),
        (f"/fr/clients/{marie.pk}/encounters/", "encounters"),
        (f"/fr/notes/{note.pk}/addendum/", "note"),
        (f"/fr/notes/{note.pk}/history/", "note_history"),
    ):
        assert web.get(url).status_code == 200
        event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id")
        assert (event.client_id, event.detail["section"]) == (marie.pk, section), url


def test_the_encounter_form_fits_the_work(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    """Checkboxes instead of Ctrl-click lists, and the only program chosen."""
    enrollment_open(
        acting_user=network.alice,
        client=marie,
        program=network.icm,
        start_date=today() - dt.timedelta(days=30),
        primary_worker=network.alice,
    )
    form = client_for(network.alice).get(f"/en/clients/{marie.pk}/encounters/new/").context["form"]
    assert form.fields["staff"].widget.input_type == "checkbox"
    assert form.fields["goals"].widget.input_type == "checkbox"
    assert form.fields["program"].initial == network.icm.pk
    page = client_for(network.alice).get(f"/en/clients/{marie.pk}/encounters/new/").content.decode()
    assert '<select name="staff"' not in page and 'type="checkbox" name="staff"' in page


def test_the_note_kind_defaults_to_the_writers_discipline(network: Network, marie) -> None:  # type: ignore[no-untyped-def]
    share(marie, by=network.alice, categories=["clinical", "case_plan"], all_partners=True)
    nurse_form = client_for(network.nurse).get(f"/en/clients/{marie.pk}/notes/new/").context["form"]
    assert nurse_form.fields["kind"].initial == "clinical"

    page = client_for(network.alice).get(f"/en/clients/{marie.pk}/notes/new/")
    assert page.context["form"].fields["kind"].initial == "general"
    assert "Clinical notes are written by clinical staff" in page.content.decode()
