"""The demo client registry: about 300 people with visits, pathways, every
kind of consent directive, and a different slice of the registry per partner.

Seeding is the slow part, so the module seeds once (inside a transaction that
is rolled back at the end of the module) and each test asserts several things.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from parcours.access import client_access_for, clients_visible_to
from parcours.accounts.models import Organization, User
from parcours.clients.models import (
    AlertKind,
    BreakGlassAccess,
    Client,
    ConsentDirective,
    ConsentLockBox,
    ConsentMethod,
    DataCategory,
    PathwayStage,
    RevolvingDoorAlert,
    ServiceKind,
    Stage,
    Visit,
    VisitService,
)
from parcours.core.audit import audit_verify_chain
from parcours.demo.clients import MARKER_FAMILY, MARKER_GIVEN
from parcours.demo.reports import HISTORY_NOTE
from parcours.households.models import HouseholdMembership
from parcours.interop.models import HmisRecord
from parcours.interop.writer import IMPORTED_NOTE


@dataclass
class Seeded:
    output: str


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[Seeded]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield Seeded(out.getvalue())
        transaction.set_rollback(True)


def _staff(email: str) -> User:
    return User.objects.get(email=email)


def _org(name_start: str) -> Organization:
    return Organization.objects.get(name__startswith=name_start)


def test_the_registry_holds_about_300_people_with_visits_and_pathways(seeded, db):
    # The thirty people of a shelter's former HMIS (tests/interop/test_demo.py) apart.
    imported = HmisRecord.objects.filter(file="Client").values("client")
    named = Client.objects.filter(is_anonymous=False).exclude(pk__in=imported)
    assert HmisRecord.objects.filter(file="Client").count() == 30
    assert 250 <= Client.objects.exclude(pk__in=imported).count() <= 360
    assert "Demo clients added: " in seeded.output
    assert Client.objects.filter(given_name=MARKER_GIVEN, family_name=MARKER_FAMILY).exists()

    # registered across the partners that register people, mostly the hub
    hub = _org("Carrefour Centre-Ville")
    by_org = {
        org.name: Client.objects.filter(registered_by_organization=org).count()
        for org in Organization.objects.filter(is_partner=True)
    }
    assert by_org[hub.name] == max(by_org.values())
    assert sum(1 for count in by_org.values() if count) >= 8
    assert not Client.objects.filter(registered_by__organization__isnull=True).exists()

    # bilingual, realistic identities
    languages = list(named.values_list("preferred_language", flat=True))
    assert 0.45 < languages.count("fr") / len(languages) < 0.75
    assert named.filter(family_name__in=["Gagné", "Bélanger", "Lévesque"]).exists()
    assert named.filter(family_name__in=["O'Connor", "MacLeod", "Whiteduck", "Nguyen"]).exists()
    assert named.exclude(preferred_name="").exists()
    assert named.filter(aliases__isnull=False).distinct().count() >= 20
    assert named.filter(date_of_birth_estimated=True).exists()
    assert named.filter(date_of_birth__isnull=True, birth_year__isnull=False).exists()
    with_card = named.exclude(health_card_number="")
    assert 0.55 < with_card.count() / named.count() < 0.85
    assert set(with_card.values_list("health_card_province", flat=True)) == {"ON", "QC"}
    assert named.filter(gender_identity__code="prefer_not_to_answer").exists()
    assert named.filter(sexual_orientation__isnull=True).exists()
    today = timezone.localdate()
    # Adults: the households demo adds children as members of their family.
    children = HouseholdMembership.objects.filter(relationship="child").values("client_id")
    for client in named.exclude(date_of_birth=None).exclude(pk__in=children):
        assert 17 <= (today - client.date_of_birth).days // 365 <= 76

    # anonymous records, some linked to the named record
    anonymous = Client.objects.filter(is_anonymous=True)
    assert 10 <= anonymous.count() <= 20
    assert anonymous.filter(given_name="", birth_year__isnull=False).count() == anonymous.count()
    assert anonymous.filter(linked_to__isnull=False).count() == 3

    # visits in the past nine months, with meals, naloxone and the first kit's training
    visits = Visit.objects.all()
    assert visits.count() >= 600
    assert not visits.filter(occurred_at__gt=timezone.now()).exists()
    # (The reports' history, parcours.demo.reports, goes back two years, as
    # does a shelter's former HMIS, parcours.demo.interop.)
    assert (
        not visits.exclude(notes=HISTORY_NOTE)
        .exclude(notes__startswith=IMPORTED_NOTE)
        .filter(occurred_at__lt=timezone.now() - dt.timedelta(days=280))
        .exists()
    )
    assert visits.filter(site="Accueil de jour").exists()
    kits = VisitService.objects.filter(kind=ServiceKind.NALOXONE_KIT)
    assert kits.count() >= 30
    assert kits.filter(naloxone_training=True).exists()
    assert VisitService.objects.filter(kind=ServiceKind.MEAL).count() > kits.count()

    # everybody starts at "visit"; some reach stability; some fall back (the
    # former HMIS's people come with their history, not with a pathway)
    assert PathwayStage.objects.filter(stage=Stage.VISIT, previous_stage="").count() == (
        Client.objects.exclude(
            pk__in=HmisRecord.objects.filter(file="Client").values("client")
        ).count()
    )
    assert PathwayStage.objects.filter(stage=Stage.STABILITY).exists()
    assert not PathwayStage.objects.filter(entered_on__gt=today).exists()
    alerts = RevolvingDoorAlert.objects.all()
    assert 0.05 * named.count() <= alerts.count() <= 0.2 * named.count()
    assert alerts.filter(kind=AlertKind.RETURN_TO_HOMELESSNESS).exists()
    assert alerts.filter(kind=AlertKind.BACKWARD_MOVE).exists()
    assert not PathwayStage.objects.filter(alert__isnull=False, reason="").exists()


def test_every_kind_of_consent_directive_lock_box_and_emergency_access(seeded, db):
    today = timezone.localdate()
    directives = ConsentDirective.objects.all()
    in_force = directives.in_force(today)
    assert in_force.filter(all_partners=True, share_case_plan=True, share_clinical=True).exists()
    assert in_force.filter(all_partners=False, organizations__isnull=False).exists()
    identity_only = in_force.filter(
        share_identity=True,
        share_housing=False,
        share_case_plan=False,
        share_clinical=False,
        share_financial=False,
    )
    assert identity_only.exists()
    assert in_force.filter(
        share_identity=True, share_housing=True, share_case_plan=False, share_clinical=False
    ).exists()
    assert directives.filter(end_date__lt=today, start_date__lt=today).exists()
    withdrawn = directives.filter(withdrawn_at__isnull=False)
    assert withdrawn.exists()
    assert not withdrawn.filter(withdrawal_reason="").exists()
    verbal = directives.filter(method=ConsentMethod.VERBAL)
    assert verbal.exists()
    assert not verbal.filter(witnessed_by="").exists()
    # some people shared nothing: only the organization that registered them sees them
    assert Client.objects.filter(is_anonymous=False, consents__isnull=True).exists()

    boxes = ConsentLockBox.objects.all()
    assert boxes.filter(category=DataCategory.CLINICAL, organization__kind="employment").exists()
    assert boxes.filter(target_type="clients.visit", organization__kind="shelter").exists()

    grants = BreakGlassAccess.objects.all()
    assert 2 <= grants.count() <= 3
    assert set(grants.values_list("organization__kind", flat=True)) <= {"act_provider", "health"}
    assert grants.filter(reviewed_at__isnull=False).count() == 1
    assert not grants.filter(reason="").exists()


def test_each_partner_sees_a_different_slice_of_the_registry(seeded, db):
    hub_worker = _staff("marc.lavoie@carrefour.example")
    icm_worker = _staff("mathieu.cote@passerelle.example")
    employment = _staff("james.wilson@avenir-emploi.example")
    hub_sees = set(clients_visible_to(hub_worker).values_list("pk", flat=True))
    icm_sees = set(clients_visible_to(icm_worker).values_list("pk", flat=True))
    employment_sees = set(clients_visible_to(employment).values_list("pk", flat=True))
    assert hub_sees and icm_sees and employment_sees
    assert hub_sees != icm_sees
    assert len(employment_sees) < len(hub_sees)
    assert len(hub_sees) < Client.objects.count()

    # a lock-box on identity hides the client from that partner
    hidden = ConsentLockBox.objects.filter(category=DataCategory.IDENTITY).first()
    if hidden is not None:
        partner_staff = User.objects.filter(organization=hidden.organization).first()
        assert hidden.client_id not in set(
            clients_visible_to(partner_staff).values_list("pk", flat=True)
        )

    # a lock-box on one visit hides that visit from that partner
    box = ConsentLockBox.objects.filter(target_type="clients.visit").first()
    assert box is not None
    visit = Visit.objects.get(pk=box.target_id)
    shelter_staff = User.objects.filter(organization=box.organization).first()
    access = client_access_for(shelter_staff, visit.client)
    assert access.can(DataCategory.IDENTITY)
    assert not access.can_see_record(
        visit, category=DataCategory.IDENTITY, organization_id=visit.organization_id
    )


def test_seeding_again_adds_no_client_and_the_audit_chain_holds(seeded, db):
    counts = (Client.objects.count(), Visit.objects.count(), ConsentDirective.objects.count())
    out = StringIO()
    call_command("seed_demo", "--seed", "7", stdout=out)
    assert "none added" in out.getvalue()
    assert (Client.objects.count(), Visit.objects.count(), ConsentDirective.objects.count()) == (
        counts
    )
    assert audit_verify_chain().ok


def test_the_demo_shows_duplicates_across_partners_and_linkage_requests(seeded, db):
    from parcours.linkage.models import LinkageRequest, LinkageRequestStatus

    requests = list(LinkageRequest.objects.all())
    assert len(requests) >= 2
    assert {r.status for r in requests} >= {
        LinkageRequestStatus.OPEN,
        LinkageRequestStatus.SAME_PERSON,
    }
    assert all(r.target_organization != r.requesting_organization for r in requests)


def test_the_demo_review_queue_has_pairs_a_merge_and_a_deferred_pair(seeded, db):
    from parcours.linkage.models import ClientMerge, LinkageRun, MatchStatus
    from parcours.linkage.selectors import identities_for, review_queue

    assert LinkageRun.objects.count() == 1
    coordinator = _staff("sophie.tremblay@carrefour.example")
    assert review_queue(coordinator).count() >= 3
    assert review_queue(coordinator, status=MatchStatus.DEFERRED).count() == 1
    merge = ClientMerge.objects.get()
    assert identities_for(coordinator, merge.client_a) == [merge.client_b]
    # A worker at a partner that sees none of those records has an empty queue.
    shelter_admin = User.objects.filter(
        organization__name__startswith="Maison Marguerite", is_org_admin=True
    ).first()
    assert shelter_admin is not None
    shown = {c.pk for m in review_queue(shelter_admin) for c in (m.client_a, m.client_b)}
    assert shown <= set(clients_visible_to(shelter_admin).values_list("pk", flat=True))


def test_the_demo_review_queue_shows_twins_kept_apart_and_never_merged(seeded, db):
    from parcours.demo.linkage import TWINS, TWINS_FAMILY
    from parcours.linkage.models import ClientMerge, MatchCandidate
    from parcours.linkage.services import person_key

    twins = Client.objects.filter(
        family_name=TWINS_FAMILY, given_name__in=[given for given, _gender in TWINS]
    )
    assert twins.count() == 2
    assert set(twins.values_list("gender_identity__code", flat=True)) == {"man", "woman"}
    # Whether the batch run proposes them at all depends on the model it
    # learns from the day's registry (their score moves around the review
    # threshold); when it does, they are kept apart, and never merged.
    pairs = MatchCandidate.objects.filter(client_a__in=twins, client_b__in=twins)
    assert all(pair.kept_apart and pair.status == "pending" for pair in pairs)
    assert not ClientMerge.objects.filter(client_a__in=twins, client_b__in=twins).exists()
    assert len({person_key(t.pk) for t in twins}) == 2


def test_visits_of_an_organization_that_runs_sites_are_at_one_of_them(seeded, db):
    """The visit form offers an organization's sites: the demo's visits use
    them, so the service totals count each site under one name."""
    from parcours.beds.models import Site

    sites: dict[Any, set[str]] = {}
    for org_id, name in Site.objects.values_list("program__organization_id", "name"):
        sites.setdefault(org_id, set()).add(name)
    # A former HMIS's services keep its project's name (tests/interop).
    visits = (
        Visit.objects.filter(organization_id__in=sites)
        .exclude(site="")
        .exclude(notes__startswith=IMPORTED_NOTE)
    )
    assert visits.exists()
    for org_id, site in visits.values_list("organization_id", "site").order_by().distinct():
        assert site in sites[org_id], site
