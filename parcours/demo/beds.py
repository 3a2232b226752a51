"""Demo beds: five sites of the demo network with a realistic month of
occupancy.

* Refuge Saint-Laurent — emergency shelter, night by night: men's and women's
  dormitories, an accessible room, a pet-friendly room (34 beds);
* Maison Marguerite — family shelter: six family rooms booked as rooms for
  the households of the households demo;
* Le Phare — transitional residence (12 beds, one wing for women);
* Renaissance — withdrawal-management beds (10, adults);
* Havre — respite (recuperative) care unit (8 accessible beds).

The last 30 days are played in order through the services (every write is
validated and audited, as in real use): book-ins, book-outs with reasons and
destinations, holds placed by the referring partner when the site cannot see
the client yet (a referral), turnaways on full nights, a few service
restrictions, street contacts by the hub's outreach team. A few holds are
left in force so the availability board shows them.

``seed_beds`` is idempotent: when the Refuge's demo site exists, it adds
nothing. The same seed gives the same month (for a given day).
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parcours import access
from parcours.accounts.models import Organization, Program, User
from parcours.beds import family, services
from parcours.beds.models import Bed, Hold, Room, Site, SiteKind, Stay
from parcours.clients.models import Client
from parcours.households.ages import years_before
from parcours.households.models import Household, HouseholdMembership

REFUGE = "refuge-st-laurent.example"
MARGUERITE = "maison-marguerite.example"
PHARE = "le-phare.example"
RENAISSANCE = "renaissance.example"
HAVRE = "havre-repit.example"
HUB = "carrefour.example"

MARKER_SITE = "Refuge Saint-Laurent – pavillon principal"
DAYS = 30
NEVER = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


# The sites that take their people in for the night (holds last until then).
EVENING_INTAKE_KINDS = frozenset({SiteKind.EMERGENCY_SHELTER, SiteKind.FAMILY_SHELTER})


@dataclass
class RoomSpec:
    name: str
    beds: int
    gender: str = "any"
    accessible: bool = False
    pets: bool = False
    family: bool = False
    min_age: int | None = None
    max_age: int | None = None


@dataclass
class SiteSpec:
    domain: str
    name: str
    kind: str
    address: str
    phone: str
    rooms: list[RoomSpec]
    night_by_night: bool = False
    # Length of a stay in nights (min, max) and the share of beds kept full.
    nights: tuple[int, int] = (1, 10)
    fill: float = 0.9


SITES = [
    SiteSpec(
        REFUGE,
        MARKER_SITE,
        SiteKind.EMERGENCY_SHELTER,
        "210, rue Saint-Laurent",
        "613-555-0141",
        [
            RoomSpec("Dortoir des hommes / Men's dorm", 20, gender="men", min_age=18),
            RoomSpec(
                "Dortoir des femmes / Women's dorm", 10, gender="women_gender_diverse", min_age=18
            ),
            RoomSpec("Chambre adaptée / Accessible room", 2, accessible=True, min_age=18),
            RoomSpec("Chambre avec animaux / Pet-friendly room", 2, pets=True, min_age=18),
        ],
        night_by_night=True,
        nights=(1, 14),
        fill=0.97,
    ),
    SiteSpec(
        MARGUERITE,
        "Maison Marguerite",
        SiteKind.FAMILY_SHELTER,
        "45, avenue des Érables",
        "613-555-0172",
        [
            RoomSpec(f"Chambre familiale {n} / Family room {n}", beds, family=True)
            for n, beds in enumerate([4, 4, 3, 5, 3, 4], start=1)
        ],
    ),
    SiteSpec(
        PHARE,
        "Le Phare – résidence de transition",
        SiteKind.TRANSITIONAL,
        "8, rue du Phare",
        "613-555-0190",
        [
            RoomSpec("Aile A / Wing A", 8, min_age=18),
            RoomSpec("Aile B – femmes / Wing B – women", 4, gender="women", min_age=18),
        ],
        nights=(40, 240),
        fill=0.85,
    ),
    SiteSpec(
        RENAISSANCE,
        "Renaissance – lits de sevrage",
        SiteKind.TREATMENT,
        "1200, boulevard de la Gare",
        "613-555-0115",
        [
            RoomSpec("Unité 1 / Unit 1", 6, min_age=18),
            RoomSpec("Unité 2 – femmes / Unit 2 – women", 4, gender="women", min_age=18),
        ],
        nights=(3, 10),
        fill=0.8,
    ),
    SiteSpec(
        HAVRE,
        "Havre – unité de répit",
        SiteKind.RESPITE,
        "30, rue de l'Hôpital",
        "613-555-0163",
        [RoomSpec("Unité de soins / Care unit", 8, accessible=True, min_age=18)],
        nights=(5, 21),
        fill=0.75,
    ),
]

EXIT_BY_KIND: dict[str, list[tuple[str, str]]] = {
    SiteKind.EMERGENCY_SHELTER: [
        ("left", "unknown"),
        ("left", "family_friends"),
        ("transferred", "treatment"),
        ("transferred", "transitional"),
        ("housed", "permanent_housing"),
        ("hospital", "hospital"),
    ],
    SiteKind.FAMILY_SHELTER: [
        ("housed", "permanent_housing"),
        ("left", "family_friends"),
        ("transferred", "transitional"),
    ],
    SiteKind.TRANSITIONAL: [("housed", "permanent_housing"), ("left", "unknown")],
    SiteKind.TREATMENT: [
        ("completed", "transitional"),
        ("completed", "other_shelter"),
        ("left", "street"),
        ("completed", "permanent_housing"),
    ],
    SiteKind.RESPITE: [
        ("completed", "other_shelter"),
        ("completed", "transitional"),
        ("hospital", "hospital"),
        ("completed", "permanent_housing"),
    ],
}

TURNAWAYS_PER_NIGHT: dict[str, float] = {
    SiteKind.EMERGENCY_SHELTER: 2.5,
    SiteKind.FAMILY_SHELTER: 0.4,
    SiteKind.TREATMENT: 0.6,
}

TURNAWAY_DETAILS = [
    ("restriction", "Animal de compagnie / Has a pet"),
    ("restriction", "Sous une restriction de service / Under a service restriction"),
    (
        "other",
        "Intoxication sévère, orienté vers le sevrage / Severely intoxicated, referred to withdrawal",
    ),
]

STREET_PLACES = [
    "Parc Major",
    "Sous le pont Champlain / Under the bridge",
    "Marché By / ByWard Market",
    "Gare d'autobus / Bus station",
    "Stationnement étagé, rue Nicholas / Parking garage",
]


@dataclass
class BedsDemo:
    created: bool = False
    sites: int = 0
    beds: int = 0
    stays: int = 0
    family_bookings: int = 0
    holds: int = 0
    turnaways: int = 0
    restrictions: int = 0
    street_contacts: int = 0

    def summary(self) -> str:
        if not self.created:
            return "Beds demo: already loaded, nothing added."
        return (
            f"Beds demo added: {self.sites} sites with {self.beds} beds, {self.stays} stays "
            f"({self.family_bookings} family-room bookings), {self.holds} holds, "
            f"{self.turnaways} turnaways, {self.restrictions} service restrictions, "
            f"{self.street_contacts} street contacts."
        )


def _org(domain: str) -> Organization | None:
    user = User.objects.filter(email__endswith="@" + domain, organization__isnull=False).first()
    return user.organization if user else None


def _staff(org: Organization) -> list[User]:
    return list(User.objects.filter(organization=org, is_active=True).order_by("email"))


def _admin(org: Organization) -> User | None:
    return User.objects.filter(organization=org, is_org_admin=True, is_active=True).first()


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


@dataclass(order=True)
class _Event:
    when: dt.datetime
    order: int
    kind: str = field(compare=False)
    payload: dict[str, Any] = field(compare=False, default_factory=dict)


class _Seeder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed + 6)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.result = BedsDemo(created=True)
        self.counter = 0

    # --- Configuration -------------------------------------------------------

    def build_sites(self) -> list[tuple[SiteSpec, Site, Organization]]:
        built = []
        for spec in SITES:
            org = _org(spec.domain)
            admin = _admin(org) if org else None
            program = (
                Program.objects.filter(organization=org).order_by("name").first() if org else None
            )
            if org is None or admin is None or program is None:
                continue
            site = services.site_create(
                acting_user=admin,
                program=program,
                name=spec.name,
                kind=spec.kind,
                address=spec.address,
                phone=spec.phone,
                night_by_night=spec.night_by_night,
                # Emergency shelters take their people in for the night at 21:00.
                evening_intake_time=(dt.time(21, 0) if spec.kind in EVENING_INTAKE_KINDS else None),
            )
            for order, room in enumerate(spec.rooms):
                services.room_create(
                    acting_user=admin,
                    site=site,
                    name=room.name,
                    beds=room.beds,
                    is_family_room=room.family,
                    gender=room.gender,
                    min_age=room.min_age,
                    max_age=room.max_age,
                    accessible=room.accessible,
                    pets_allowed=room.pets,
                    sort_order=order,
                )
                self.result.beds += room.beds
            self.result.sites += 1
            built.append((spec, site, org))
        return built

    # --- People --------------------------------------------------------------

    def people(self) -> dict[str, list[Client]]:
        """Adults who may need a bed, by the gender the rooms ask about."""
        in_households = HouseholdMembership.objects.values("client_id")
        cutoff = years_before(self.today, 18)
        clients = list(
            Client.objects.filter(is_anonymous=False, linked_to__isnull=True)
            .exclude(pk__in=in_households)
            .exclude(date_of_birth__gt=cutoff)
            .select_related("gender_identity", "registered_by_organization")
            .order_by("created_at", "family_name", "given_name", "date_of_birth", "pk")
        )
        self.rng.shuffle(clients)
        groups: dict[str, list[Client]] = {"men": [], "women": [], "any": []}
        for c in clients:
            code = c.gender_identity.code if c.gender_identity else ""
            if code in ("man", "trans_man"):
                groups["men"].append(c)
            elif code in ("woman", "trans_woman"):
                groups["women"].append(c)
            else:
                groups["any"].append(c)
        return groups

    # --- The month -------------------------------------------------------------

    def plan(self, built: list[tuple[SiteSpec, Site, Organization]]) -> list[_Event]:
        groups = self.people()
        busy_until: dict[uuid.UUID, dt.datetime] = {}
        events: list[_Event] = []
        start_day = self.today - dt.timedelta(days=DAYS)

        def pick(gender: str, when: dt.datetime) -> Client | None:
            pools = {
                "men": ["men", "any"],
                "women": ["women"],
                "women_gender_diverse": ["women", "any"],
            }
            order = pools.get(gender) or self.rng.sample(["men", "women", "any"], 3)
            for pool in order:
                candidates = groups[pool]
                for _ in range(len(candidates)):
                    person = candidates.pop(0)
                    candidates.append(person)
                    if busy_until.get(person.pk, NEVER) < when:
                        return person
            return None

        for spec, site, _ in built:
            if spec.kind == SiteKind.FAMILY_SHELTER:
                continue
            rooms = list(site.rooms.order_by("sort_order"))
            for room in rooms:
                room_beds = list(room.beds.order_by("label"))
                for bed in room_beds:
                    if self.rng.random() > spec.fill:
                        continue
                    # The last bed of each room is free tonight: the board has
                    # something to hold.
                    keep_free = bed == room_beds[-1]
                    # Long stays may have begun before the month.
                    lo, hi = spec.nights
                    cursor = _at(start_day, 19) - dt.timedelta(
                        days=self.rng.randint(0, min(hi, 60))
                    )
                    while True:
                        nights = self.rng.randint(lo, hi)
                        person = pick(room.gender, cursor)
                        if person is None:
                            break
                        end = cursor + dt.timedelta(days=nights, hours=self.rng.randint(-11, -9))
                        open_stay = end > self.now
                        if open_stay and keep_free:
                            break
                        busy_until[person.pk] = (
                            self.now + dt.timedelta(days=3650)
                            if open_stay
                            else end + dt.timedelta(days=self.rng.randint(0, 4))
                        )
                        self.counter += 1
                        events.append(
                            _Event(
                                cursor,
                                self.counter,
                                "in",
                                {"site": site, "bed": bed, "person": person, "spec": spec},
                            )
                        )
                        if open_stay:
                            break
                        self.counter += 1
                        events.append(_Event(end, self.counter, "out", {"bed": bed, "spec": spec}))
                        # The bed stays empty a few hours to a day.
                        cursor = end + dt.timedelta(hours=self.rng.choice([9, 10, 11, 33]))
                        if cursor > self.now - dt.timedelta(hours=2):
                            break
        return events

    def play(self, events: list[_Event]) -> None:
        heapq.heapify(events)
        hub = _org(HUB)
        hub_staff = _staff(hub) if hub else []
        open_stays: dict[uuid.UUID, Stay | None] = {}
        staff_cache: dict[uuid.UUID, list[User]] = {}
        visible_cache: dict[uuid.UUID, set[uuid.UUID]] = {}

        def worker(site: Site) -> User:
            org_id = site.program.organization_id
            if org_id not in staff_cache:
                staff_cache[org_id] = _staff(site.program.organization)
            return self.rng.choice(staff_cache[org_id])

        def sees(user: User, person: Client) -> bool:
            if user.pk not in visible_cache:
                visible_cache[user.pk] = set(
                    access.clients_visible_to(user).values_list("pk", flat=True)
                )
            return person.pk in visible_cache[user.pk]

        while events:
            event = heapq.heappop(events)
            data = event.payload
            if event.kind == "in":
                site, bed, person = data["site"], data["bed"], data["person"]
                staff = worker(site)
                if not sees(staff, person):
                    referrer = self._referrer(person, hub_staff, sees)
                    if referrer is None:
                        continue
                    services.hold_place(
                        acting_user=referrer,
                        client_access=access.client_access_for(referrer, person),
                        bed=bed,
                        hours=self.rng.choice([2, 4, 6]),
                        reason="Référence du carrefour / Referred by the hub",
                    )
                    self.result.holds += 1
                when = min(event.when, self.now - dt.timedelta(minutes=1))
                open_stays[bed.pk] = services.stay_book_in(
                    acting_user=staff, bed=bed, client=person, started_at=when
                )
                self.result.stays += 1
            else:
                bed, spec = data["bed"], data["spec"]
                ending = open_stays.pop(bed.pk, None)
                if ending is None:
                    continue
                stay = ending
                reason, destination = self.rng.choice(EXIT_BY_KIND[spec.kind])
                if spec.night_by_night and self.rng.random() < 0.3:
                    reason, destination = "did_not_return", "unknown"
                services.stay_book_out(
                    acting_user=worker(stay.site),
                    stay=stay,
                    exit_reason=reason,
                    destination=destination,
                    ended_at=max(event.when, stay.started_at),
                )

    def _referrer(self, person: Client, hub_staff: list[User], sees: Any) -> User | None:
        """A worker who may see the person: the hub, or the organization that registered them."""
        for user in hub_staff:
            if sees(user, person):
                return user
        registering = _staff(person.registered_by_organization)
        return registering[0] if registering else None

    # --- Family rooms ---------------------------------------------------------

    def families(self, built: list[tuple[SiteSpec, Site, Organization]]) -> None:
        for spec, site, org in built:
            if spec.kind != SiteKind.FAMILY_SHELTER:
                continue
            households = list(
                Household.objects.filter(organization=org).order_by("formed_on", "pk")
            )
            self.rng.shuffle(households)
            rooms = list(Room.objects.filter(site=site).order_by("sort_order"))
            staff = _staff(org)
            start_day = self.today - dt.timedelta(days=DAYS)
            for index, room in enumerate(rooms):
                cursor = _at(start_day - dt.timedelta(days=self.rng.randint(0, 20)), 16)
                while households and cursor < self.now - dt.timedelta(days=1):
                    household = households.pop()
                    nights = self.rng.randint(10, 45)
                    started = min(cursor, self.now - dt.timedelta(hours=1))
                    try:
                        booking = family.room_book_in(
                            acting_user=self.rng.choice(staff),
                            room=room,
                            household=household,
                            started_at=started,
                        )
                    except ValidationError:  # a member is already staying elsewhere
                        continue
                    self.result.family_bookings += 1
                    self.result.stays += booking.stays.count()
                    end = started + dt.timedelta(days=nights, hours=-6)
                    if end > self.now or index < 2:
                        break  # still in the room today
                    reason, destination = self.rng.choice(EXIT_BY_KIND[SiteKind.FAMILY_SHELTER])
                    family.room_book_out(
                        acting_user=self.rng.choice(staff),
                        booking=booking,
                        exit_reason=reason,
                        destination=destination,
                        ended_at=end,
                    )
                    cursor = end + dt.timedelta(days=self.rng.randint(0, 2), hours=8)

    # --- Turnaways, restrictions, holds now, street contacts ------------------

    def extras(self, built: list[tuple[SiteSpec, Site, Organization]]) -> None:
        for spec, site, org in built:
            staff = _staff(org)
            if spec.kind in (
                SiteKind.EMERGENCY_SHELTER,
                SiteKind.FAMILY_SHELTER,
                SiteKind.TREATMENT,
            ):
                for back in range(DAYS, -1, -1):
                    day = self.today - dt.timedelta(days=back)
                    # More turned away at the end of the month, when cheques run out.
                    expected = TURNAWAYS_PER_NIGHT.get(spec.kind, 0.6) * (
                        1.4 if day.day >= 20 else 1.0
                    )
                    for _ in range(self._poisson(expected)):
                        when = min(
                            _at(day, self.rng.randint(17, 23), self.rng.randint(0, 59)),
                            self.now - dt.timedelta(minutes=5),
                        )
                        reason, detail = ("no_bed", "")
                        if self.rng.random() < 0.25:
                            reason, detail = self.rng.choice(TURNAWAY_DETAILS)
                        services.turnaway_record(
                            acting_user=self.rng.choice(staff),
                            site=site,
                            reason=reason,
                            detail=detail,
                            people=self.rng.randint(2, 5)
                            if spec.kind == SiteKind.FAMILY_SHELTER
                            else 1,
                            occurred_at=when,
                        )
                        self.result.turnaways += 1
            if spec.kind == SiteKind.EMERGENCY_SHELTER:
                own = list(
                    Client.objects.filter(registered_by_organization=org, is_anonymous=False)
                    .exclude(pk__in=Stay.objects.filter(ended_at__isnull=True).values("client_id"))
                    .order_by("created_at", "family_name", "given_name", "pk")[:3]
                )
                reasons = [
                    "Violence envers un résident / Violence toward a resident",
                    "Menaces au personnel / Threats to staff",
                    "Consommation sur place répétée / Repeated use on site",
                ]
                for n, person in enumerate(own):
                    services.restriction_create(
                        acting_user=_admin(org) or staff[0],
                        site=site,
                        client_access=access.client_access_for(staff[0], person),
                        starts_on=self.today - dt.timedelta(days=5 + 7 * n),
                        ends_on=self.today + dt.timedelta(days=7 - 3 * n) if n < 2 else None,
                        reason=reasons[n],
                    )
                    self.result.restrictions += 1
        self._holds_now(built)
        self._street_contacts()

    def _holds_now(self, built: list[tuple[SiteSpec, Site, Organization]]) -> None:
        hub = _org(HUB)
        if hub is None:
            return
        referrers = _staff(hub)
        visible = (
            access.clients_visible_to(referrers[0])
            .exclude(pk__in=Stay.objects.filter(ended_at__isnull=True).values("client_id"))
            .exclude(pk__in=HouseholdMembership.objects.values("client_id"))
            .filter(is_anonymous=False)
        )
        people = list(visible.order_by("created_at", "family_name", "given_name", "pk")[:6])
        free = list(
            Bed.objects.filter(
                room__site__in=[s for _, s, _ in built],
                room__is_family_room=False,
                room__gender="any",
            )
            # (bed__isnull=False: a NULL in NOT IN would exclude every bed)
            .exclude(
                pk__in=Stay.objects.filter(ended_at__isnull=True, bed__isnull=False).values(
                    "bed_id"
                )
            )
            .exclude(
                pk__in=Hold.objects.filter(status="active", bed__isnull=False).values("bed_id")
            )
            .select_related("room__site")
            .order_by("room__site__name", "label")
        )
        one_per_site = list({bed.room.site_id: bed for bed in reversed(free)}.values())
        for person, bed in zip(people, one_per_site[:3], strict=False):
            try:
                services.hold_place(
                    acting_user=referrers[0],
                    client_access=access.client_access_for(referrers[0], person),
                    bed=bed,
                    hours=4,
                    reason="Référence du carrefour / Referred by the hub",
                )
            except ValidationError:  # a service restriction
                continue
            self.result.holds += 1

    def _street_contacts(self) -> None:
        hub = _org(HUB)
        if hub is None:
            return
        outreach = [
            u
            for u in _staff(hub)
            if u.program_memberships.filter(program__name__icontains="proximit").exists()
        ] or _staff(hub)[:1]
        people = list(
            access.clients_visible_to(outreach[0])
            .filter(is_anonymous=False)
            .exclude(pk__in=HouseholdMembership.objects.values("client_id"))
            .order_by("-created_at", "family_name", "given_name", "pk")[:25]
        )
        for person in people:
            client_access = access.client_access_for(outreach[0], person)
            for back in sorted(self.rng.sample(range(1, DAYS * 3), self.rng.randint(1, 6))):
                services.street_contact_record(
                    acting_user=self.rng.choice(outreach),
                    client_access=client_access,
                    seen_on=self.today - dt.timedelta(days=back),
                    place=self.rng.choice(STREET_PLACES),
                )
                self.result.street_contacts += 1

    def _poisson(self, lam: float) -> int:
        # Knuth: small means only.
        limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
        while True:
            p *= self.rng.random()
            if p <= limit:
                return k
            k += 1

    def run(self) -> BedsDemo:
        built = self.build_sites()
        self.play(self.plan(built))
        self.families(built)
        self.extras(built)
        return self.result


def demo_beds_exist() -> bool:
    return Site.objects.filter(name=MARKER_SITE).exists()


@transaction.atomic
def seed_beds(*, seed: int) -> BedsDemo:
    if demo_beds_exist() or _org(REFUGE) is None:
        return BedsDemo()
    return _Seeder(seed).run()
