"""Demo history for the reports: two years of the network's past activity, so
that the by-name list's monthly flow means something, and the published
months of a coordinator.

The rest of the demo plays the last months (visits go back about nine
months, stays thirty days). This part adds, for about half of the demo's
persons, what happened before their first contact there, over the past 24
months: periods of hub visits, shelter stays at the Refuge and street
contacts by the hub's outreach team, separated by months without contact
(the person goes *inactive*, then *returns*), some periods ending with a move
to permanent housing (a stay ended to permanent housing: *housed*), and, for
the tenancies of the housing demo, the months of homelessness before the
move-in. A few persons who are homeless today spent most of the past year at
the Refuge: they are *chronically homeless*. Then every closed month but the
last two is published (``parcours.reports.services.month_publish``) by the
hub's administrator, so the flow shows published months and the two the
coordinator has yet to publish.

Valid data, written fast: visits, stays and street contacts are bulk-created
(hundreds of rows; the services would take minutes), each person's history is
in the audit log (one event per person, with the records written), stays
never overlap another stay in the same bed or of the same person, and only
the partners that may see a person record for them (the hub for the persons
it sees, the Refuge for the adults it sees). Everything is relative to
``timezone.localdate()`` and drawn from a seeded ``random.Random``; seeding
again adds nothing (a published month is there)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from parcours import access
from parcours.accounts.models import Organization, User
from parcours.beds.homelessness import chronic_statuses
from parcours.beds.models import Bed, Destination, ExitReason, Site, SiteKind, Stay, StreetContact
from parcours.clients.models import Client, Need, Visit
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction
from parcours.households.ages import years_before
from parcours.households.models import HouseholdMembership
from parcours.housing.models import Tenancy
from parcours.reports.first_contact import first_contacts
from parcours.reports.flow import add_months, month_start
from parcours.reports.models import PriorityRule, PublishedMonth
from parcours.reports.people import person_keys
from parcours.reports.services import month_publish, priority_rules_update
from parcours.reports.status import Network

HUB = "carrefour.example"
REFUGE = "refuge-st-laurent.example"
MONTHS = 24
UNPUBLISHED = 2  # the last closed months, left for the coordinator to publish
SHARE_WITH_HISTORY = 0.55
CHRONIC_TARGET = 8
HISTORY_NOTE = "Historique du réseau (démo). / Network history (demo)."
HUB_SITES = ["Accueil de jour", "Accueil de jour", "Halte-chaleur Rideau"]
STREET_PLACES = [
    "Parc Major's Hill",
    "Marché By, ruelle",
    "Sous le pont Mackenzie-King",
    "Rue Rideau, entrée de commerce",
    "Parc Strathcona",
]
VISIT_NEEDS = [
    [Need.FOOD],
    [Need.FOOD, Need.SHOWER],
    [Need.SHELTER],
    [Need.CLOTHING],
    [Need.HOUSING],
    [Need.FOOD, Need.SHELTER],
]


@dataclass
class _Plan:
    visits: list[Visit] = field(default_factory=list)
    stays: list[Stay] = field(default_factory=list)
    contacts: list[StreetContact] = field(default_factory=list)
    by_client: dict[uuid.UUID, dict[str, list[Stay | Visit | StreetContact]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )


def _org(domain: str) -> Organization | None:
    user = User.objects.filter(email__endswith="@" + domain, organization__isnull=False).first()
    return user.organization if user else None


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _overlaps(intervals: list[tuple[int, int]], lo: int, hi: int) -> bool:
    return any(a <= hi and lo <= b for a, b in intervals)


class _History:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed + 1616)
        self.today = timezone.localdate()
        self.start = self.today - dt.timedelta(days=MONTHS * 365 // 12 - 5)
        self.plan = _Plan()
        self.org_sites: dict[uuid.UUID, str] = {}
        hub, refuge = _org(HUB), _org(REFUGE)
        assert hub is not None and refuge is not None
        self.hub, self.refuge = hub, refuge
        hub_staff = list(User.objects.filter(organization=hub, is_active=True).order_by("email"))
        self.hub_staff = [u for u in hub_staff if not u.is_org_admin] or hub_staff
        refuge_staff = list(
            User.objects.filter(organization=refuge, is_active=True).order_by("email")
        )
        self.refuge_staff = [u for u in refuge_staff if not u.is_org_admin] or refuge_staff
        self.hub_sees = set(
            access.clients_visible_to(self.hub_staff[0]).values_list("pk", flat=True)
        )
        self.refuge_sees = set(
            access.clients_visible_to(self.refuge_staff[0]).values_list("pk", flat=True)
        )
        site = (
            Site.objects.filter(program__organization=refuge, kind=SiteKind.EMERGENCY_SHELTER)
            .order_by("name")
            .first()
        )
        self.beds: dict[str, list[Bed]] = {"men": [], "women": [], "any": []}
        if site is not None:
            for bed in (
                Bed.objects.filter(room__site=site, is_active=True, room__is_active=True)
                .select_related("room")
                .order_by("room__sort_order", "label")
            ):
                room = bed.room
                if room.is_family_room:
                    continue
                key = room.gender if room.gender in ("men",) else "any"
                if room.gender.startswith("women"):
                    key = "women"
                self.beds[key].append(bed)
        # Busy days of each bed and each person (existing stays, then ours).
        self.bed_busy: dict[uuid.UUID, list[tuple[int, int]]] = defaultdict(list)
        self.client_busy: dict[uuid.UUID, list[tuple[int, int]]] = defaultdict(list)
        for client_id, bed_id, started, ended in Stay.objects.values_list(
            "client_id", "bed_id", "started_at", "ended_at"
        ):
            lo = timezone.localdate(started).toordinal()
            hi = timezone.localdate(ended).toordinal() if ended else dt.date.max.toordinal()
            self.client_busy[client_id].append((lo, hi))
            if bed_id is not None:
                self.bed_busy[bed_id].append((lo, hi))

    # --- records -----------------------------------------------------------------

    def visit(self, client: Client, day: dt.date) -> None:
        if client.pk in self.hub_sees:
            org, recorder, site = (
                self.hub,
                self.rng.choice(self.hub_staff),
                self.rng.choice(HUB_SITES),
            )
        else:
            org = client.registered_by_organization
            staff = list(
                User.objects.filter(organization=org, is_active=True).order_by("email")[:3]
            )
            if not staff:
                return
            recorder, site = self.rng.choice(staff), self.org_site(org.pk)
        visit = Visit(
            client=client,
            occurred_at=_at(day, self.rng.randint(8, 19), self.rng.choice([0, 15, 30, 45])),
            organization=org,
            site=site,
            needs=sorted(self.rng.choice(VISIT_NEEDS)),
            notes=HISTORY_NOTE,
            recorded_by=recorder,
        )
        self.plan.visits.append(visit)
        self.plan.by_client[client.pk]["visits"].append(visit)

    def org_site(self, org_id: uuid.UUID) -> str:
        """The first active site an organization runs (its visits happen
        there), or nothing when it runs none."""
        if org_id not in self.org_sites:
            self.org_sites[org_id] = (
                Site.objects.filter(program__organization_id=org_id, is_active=True)
                .order_by("name")
                .values_list("name", flat=True)
                .first()
                or ""
            )
        return self.org_sites[org_id]

    def street_contact(self, client: Client, day: dt.date) -> None:
        if client.pk not in self.hub_sees:
            return
        contact = StreetContact(
            client=client,
            seen_on=day,
            place=self.rng.choice(STREET_PLACES),
            organization=self.hub,
            recorded_by=self.rng.choice(self.hub_staff),
        )
        self.plan.contacts.append(contact)
        self.plan.by_client[client.pk]["street_contacts"].append(contact)

    def stay(
        self, client: Client, gender: str, first: dt.date, last: dt.date, destination: str
    ) -> bool:
        """A closed stay at the Refuge from ``first`` (evening) to ``last``
        (morning), in a bed free all along; False when none is."""
        lo, hi = first.toordinal(), last.toordinal()
        if last <= first or _overlaps(self.client_busy[client.pk], lo, hi):
            return False
        pools = ["men", "any"] if gender == "men" else ["women", "any"]
        for pool in pools:
            for bed in self.beds[pool]:
                if _overlaps(self.bed_busy[bed.pk], lo, hi):
                    continue
                self.bed_busy[bed.pk].append((lo, hi))
                self.client_busy[client.pk].append((lo, hi))
                worker = self.rng.choice(self.refuge_staff)
                housed = destination == Destination.PERMANENT_HOUSING
                stay = Stay(
                    client=client,
                    site=bed.room.site,
                    room=bed.room,
                    bed=bed,
                    started_at=_at(first, 20, self.rng.choice([0, 10, 30, 45])),
                    ended_at=_at(last, 8, self.rng.choice([0, 15, 30])),
                    exit_reason=ExitReason.HOUSED if housed else ExitReason.LEFT,
                    destination=destination,
                    notes=HISTORY_NOTE,
                    booked_in_by=worker,
                    booked_out_by=worker,
                )
                self.plan.stays.append(stay)
                self.plan.by_client[client.pk]["stays"].append(stay)
                return True
        return False

    # --- periods -----------------------------------------------------------------

    def period(
        self, client: Client, gender: str | None, first: dt.date, last: dt.date, housed: bool
    ) -> None:
        """A period of homelessness from ``first`` to ``last``: shelter nights
        for the adults the Refuge sees, else visits and street contacts; when
        ``housed``, it ends with a move to permanent housing."""
        rng = self.rng
        if gender is not None and rng.random() < 0.6:
            destination = Destination.PERMANENT_HOUSING if housed else ""
            if self.stay(client, gender, first, last, destination):
                for _ in range(rng.randint(0, 2)):
                    self.visit(
                        client, first + dt.timedelta(days=rng.randint(0, (last - first).days))
                    )
                return
        day = first
        while day <= last:
            if rng.random() < 0.3:
                self.street_contact(client, day)
            else:
                self.visit(client, day)
            day += dt.timedelta(days=rng.randint(4, 21))
        if housed and gender is not None:
            self.stay(
                client,
                gender,
                last,
                last + dt.timedelta(days=rng.randint(3, 10)),
                Destination.PERMANENT_HOUSING,
            )

    def person(self, client: Client, gender: str | None, until: dt.date) -> None:
        """Periods from an arrival in the past 24 months to ``until``, with
        months without contact (inactive) between them."""
        rng = self.rng
        span = (until - self.start).days
        if span < 30:
            return
        day = self.start + dt.timedelta(days=rng.randint(0, span - 20))
        while day < until - dt.timedelta(days=10):
            last = min(day + dt.timedelta(days=rng.randint(14, 120)), until)
            housed = rng.random() < 0.3
            self.period(client, gender, day, last, housed)
            day = last + dt.timedelta(days=rng.randint(95, 320))

    def chronic(self, client: Client, gender: str) -> None:
        """Most of the past year at the Refuge, leaving a month ago: still
        homeless today, so chronically homeless."""
        end = self.today - dt.timedelta(days=self.rng.randint(32, 45))
        start = end - dt.timedelta(days=self.rng.randint(200, 260))
        while start < end - dt.timedelta(days=190):
            if self.stay(client, gender, start, end, ""):
                return
            start += dt.timedelta(days=7)

    # --- all of it -----------------------------------------------------------------

    def run(self) -> tuple[int, int]:
        rng = self.rng
        person_of = person_keys()
        contacts = first_contacts(person_of)
        first = {client_id: contacts.get(person) for client_id, person in person_of.items()}
        adults = years_before(self.today, 19)
        in_households = set(HouseholdMembership.objects.values_list("client_id", flat=True))
        clients = list(
            Client.objects.filter(linked_to__isnull=True)
            .select_related("gender_identity", "registered_by_organization")
            .order_by("created_at", "family_name", "given_name", "pk")
        )
        clients.sort(key=lambda c: (c.family_name, c.given_name, str(c.date_of_birth)))
        rng.shuffle(clients)
        tenancy_start = dict(
            Tenancy.objects.order_by("start_date").values_list("client_id", "start_date")
        )

        def gender_of(client: Client) -> str | None:
            """The Refuge's dorm for an adult it sees (None: not a Refuge guest)."""
            if client.pk not in self.refuge_sees or client.pk in in_households:
                return None
            if client.date_of_birth is not None and client.date_of_birth > adults:
                return None
            code = client.gender_identity.code if client.gender_identity else ""
            return "men" if code in ("man", "trans_man") else "women"

        chronic_now = 0
        chronic_ids = [c.pk for c in clients if gender_of(c) is not None]
        statuses = chronic_statuses(chronic_ids, on=self.today)
        for client in clients:
            gender = gender_of(client)
            status = statuses.get(client.pk)
            if (
                chronic_now < CHRONIC_TARGET
                and gender is not None
                and status is not None
                and status.currently_homeless
                and not status.is_chronic
                and client.pk not in tenancy_start
            ):
                self.chronic(client, gender)
                chronic_now += 1
                continue
            if client.pk in tenancy_start:
                # Homeless in the months before the move-in.
                move_in = tenancy_start[client.pk]
                before = move_in - dt.timedelta(days=rng.randint(60, 200))
                self.period(
                    client, gender, max(before, self.start), move_in - dt.timedelta(days=2), False
                )
                continue
            if rng.random() > SHARE_WITH_HISTORY:
                continue
            known = first.get(client.pk)
            until = (known or self.today) - dt.timedelta(days=7)
            self.person(client, gender, min(until, self.today - dt.timedelta(days=7)))
        return self.write(), chronic_now

    def write(self) -> int:
        plan = self.plan
        with transaction.atomic():
            Visit.objects.bulk_create(plan.visits)
            Stay.objects.bulk_create(plan.stays)
            StreetContact.objects.bulk_create(plan.contacts)
            for client_id, records in plan.by_client.items():
                audit_record(
                    action=AuditAction.CREATE,
                    actor_label="seed_demo",
                    target_type="reports.demo_history",
                    target_id=str(client_id),
                    client_id=client_id,
                    detail={
                        "section": "demo_history",
                        **{kind: [str(r.pk) for r in rows] for kind, rows in records.items()},
                    },
                )
        return len(plan.by_client)


def _coordinator() -> User | None:
    hub = _org(HUB)
    admins = User.objects.filter(is_active=True, is_org_admin=True).order_by("email")
    if hub is not None:
        mine = admins.filter(organization=hub).first()
        if mine is not None and access.sees_network_counts(mine):
            return mine
    return next((u for u in admins if access.sees_network_counts(u)), None)


def seed_reports(seed: int) -> str:
    """Seed the reports' history and publications (idempotent); a summary."""
    if PublishedMonth.objects.exists():
        return "Reports: history and published months already there, none added."
    if _org(HUB) is None or _org(REFUGE) is None:
        return "Reports: the demo network is not there, nothing added."
    history = _History(seed)
    persons, chronic = history.run()
    plan = history.plan
    coordinator = _coordinator()
    published = 0
    if coordinator is not None:
        network = Network()
        current = month_start(timezone.localdate())
        for back in range(MONTHS, UNPUBLISHED, -1):
            month_publish(
                acting_user=coordinator, month=add_months(current, -back), network=network
            )
            published += 1
        _community_priority(coordinator)
    return (
        f"Reports: two years of history for {persons} persons ({len(plan.visits)} visits, "
        f"{len(plan.stays)} stays, {len(plan.contacts)} street contacts; {chronic} long "
        f"stays of chronically homeless persons), {published} months published."
    )


def _community_priority(coordinator: User) -> None:
    """The community's tweak of the default prioritization (seeded by the
    migration): Ottawa's coordinated-access table also counts acuity — 200
    points for an ACT recommendation, 100 for ICM — after the homeless days,
    and gives Indigenous persons 150 points (its plan's priority population).
    Through the audited service, like a coordinator on the rules page."""
    rules = dict(PriorityRule.objects.values_list("criterion", "is_active"))
    if rules.get("acuity_level") or rules.get("indigenous"):
        return  # already tweaked
    priority_rules_update(
        acting_user=coordinator,
        changes={
            "acuity_level": {"is_active": True, "weight": 200},
            "indigenous": {"is_active": True, "weight": 150},
        },
    )
