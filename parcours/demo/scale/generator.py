"""The scale network and the history of its clients (``seed_scale``)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from parcours.accounts.models import Organization, OrganizationKind, Program, ProgramKind, User
from parcours.beds.models import (
    Bed,
    Destination,
    ExitReason,
    Room,
    Site,
    SiteKind,
    Stay,
    StreetContact,
)
from parcours.casework.models import Encounter, EncounterKind
from parcours.clients.models import Client, ReferenceList, ReferenceOption, Visit, VisitService
from parcours.clients.names import name_keys
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction
from parcours.core.text import fold
from parcours.demo.scale.base import (
    COLUMNS,
    END_REASONS,
    FAMILY,
    GIVEN,
    LABELS,
    NEEDS,
    PREFIX,
    SERVICE_KINDS,
    SERVICES_PER_VISIT,
    SHARE_CASEWORK,
    SHARE_FAMILY,
    SHARE_HOUSED,
    SHARE_INDIGENOUS,
    SHARE_LINKED_ANONYMOUS,
    SHARE_MERGED,
    SHARE_SHELTER,
    SHARE_STREET,
    SHARE_TRANSITIONAL,
    SHARE_YOUTH,
    ScaleRefused,
    ScaleResult,
    _Network,
    _Place,
    _Writer,
)
from parcours.households.models import Household, HouseholdMembership
from parcours.housing.models import HousingUnit, Landlord, Tenancy, TenancyEndReason
from parcours.linkage.models import PersonIdentity


def scale_data_present() -> tuple[bool, bool]:
    """(other data, a scale network) in the database."""
    scale_orgs = Organization.objects.filter(name__startswith=PREFIX)
    others = Client.objects.exclude(registered_by_organization__in=scale_orgs).exists()
    return others, scale_orgs.exists()


def _place(label: str, kind: str, program_kind: str, run: int, *, admin: bool = False) -> _Place:
    org = Organization.objects.create(
        name=f"{PREFIX}{label} {run}", kind=kind, is_partner=True, city="Ottawa"
    )
    program = Program.objects.create(organization=org, name=label, kind=program_kind)
    slug = fold(label).replace(" ", "-")
    staff = User.objects.create_user(
        email=f"{slug}-{run}@scale.example",
        organization=org,
        given_name="Scale",
        family_name=label,
        is_org_admin=admin,
    )
    staff.set_unusable_password()
    staff.save(update_fields=["password"])
    return _Place(org, staff, program)


def _beds(place: _Place, name: str, kind: str, count: int) -> list[tuple[Site, Room, Bed]]:
    site = Site.objects.create(program=place.program, name=name, kind=kind)
    rooms = Room.objects.bulk_create(
        [Room(site=site, name=f"{i + 1:03d}", sort_order=i) for i in range((count + 39) // 40)]
    )
    beds = Bed.objects.bulk_create(
        [Bed(room=rooms[i // 40], label=f"{i % 40 + 1}") for i in range(count)], batch_size=2000
    )
    return [(site, rooms[i // 40], bed) for i, bed in enumerate(beds)]


def _network(clients: int, run: int) -> _Network:
    hubs = [
        _place(f"Hub {i + 1}", OrganizationKind.HUB, ProgramKind.HUB, run, admin=i == 0)
        for i in range(max(1, min(8, clients // 20_000)))
    ]
    shelter = _place("Shelter", OrganizationKind.SHELTER, ProgramKind.SHELTER, run)
    icm = _place("ICM", OrganizationKind.ICM_PROVIDER, ProgramKind.ICM, run)
    housing = _place("Housing", OrganizationKind.HOUSING_PROVIDER, ProgramKind.HOUSING, run)
    open_beds = max(40, clients // 20)
    landlord = Landlord.objects.create(
        name=f"{PREFIX}Landlord {run}", kind="company", organization=housing.org
    )
    indigenous = list(
        ReferenceOption.objects.filter(
            list=ReferenceList.INDIGENOUS_IDENTITY,
            code__in=("first_nations", "metis", "inuit"),
        )
        .order_by("code")
        .values_list("pk", flat=True)
    )
    return _Network(
        hubs=hubs,
        shelter_beds=_beds(shelter, "Emergency shelter", SiteKind.EMERGENCY_SHELTER, open_beds),
        transitional_beds=_beds(
            housing, "Transitional house", SiteKind.TRANSITIONAL, max(10, open_beds // 10)
        ),
        shelter=shelter,
        icm=icm,
        housing=housing,
        landlord=landlord,
        indigenous=indigenous,
    )


# --- The history ---------------------------------------------------------------------


class _Ids:
    """Row ids from a counter: deterministic for a seed and run."""

    def __init__(self, seed: int, run: int) -> None:
        self.base = random.Random(f"{seed}:{run}").getrandbits(64) << 64
        self.n = 0

    def __call__(self) -> uuid.UUID:
        self.n += 1
        return uuid.UUID(int=self.base | self.n)


class _Generator:
    def __init__(
        self, *, clients: int, services: int, months: int, seed: int, run: int, net: _Network
    ) -> None:
        self.rng = random.Random(seed)
        self.id = _Ids(seed, run)
        self.net = net
        self.clients = clients
        self.today = timezone.localdate()
        self.start = self.today - dt.timedelta(days=months * 365 // 12)
        self.span = (self.today - self.start).days
        self.tz = timezone.get_current_timezone()
        self.now = timezone.now()
        self.visits_left = max(0, min(services, round(services / SERVICES_PER_VISIT)))
        if services and not self.visits_left:
            self.visits_left = 1
        self.services_left = services
        self.free_shelter = list(range(len(net.shelter_beds)))
        self.free_transitional = list(range(len(net.transitional_beds)))
        self.named: list[uuid.UUID] = []
        self.births: dict[uuid.UUID, tuple[dt.date | None, int | None, Any]] = {}
        self.keys: dict[uuid.UUID, uuid.UUID] = {}
        self.writer = _Writer(COLUMNS)
        self.made = 0

    def at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz)

    # Periods of contact: (first day, last day), months apart.
    def periods(self) -> list[tuple[dt.date, dt.date]]:
        rng = self.rng
        day = self.start + dt.timedelta(days=int(self.span * rng.random() ** 0.8))
        out: list[tuple[dt.date, dt.date]] = []
        while day <= self.today and len(out) < 4:
            end = min(day + dt.timedelta(days=rng.randint(10, 240)), self.today)
            out.append((day, end))
            day = end + dt.timedelta(days=rng.randint(95, 360))
        return out

    def run(self, progress: Callable[[int], None]) -> dict[str, int]:
        while self.made < self.clients:
            before = self.made
            self.person()
            progress(self.made - before)
        self.writer.flush()
        return {LABELS[m]: n for m, n in self.writer.counts.items()}

    def client_row(
        self,
        *,
        anonymous: bool = False,
        linked_to: uuid.UUID | None = None,
        age: int | None = None,
        org: Organization,
        like: uuid.UUID | None = None,
    ) -> uuid.UUID:
        rng = self.rng
        cid = self.id()
        given = family = ""
        born: dt.date | None = None
        year: int | None = None
        indigenous = None
        if not anonymous:
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            if age is None:
                age = rng.randint(16, 24) if rng.random() < SHARE_YOUTH else rng.randint(25, 72)
            kind = rng.random()
            day = self.today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
            if kind < 0.85:
                born = day
            elif kind < 0.95:
                year = day.year
            if self.net.indigenous and rng.random() < SHARE_INDIGENOUS:
                indigenous = rng.choice(self.net.indigenous)
            if like is not None:  # another record of the same person: same birth
                born, year, indigenous = self.births[like]
            self.births[cid] = (born, year, indigenous)
        names = [given, family]
        search = fold(" ".join(n for n in names if n))[:1000]
        keys = name_keys(names) if not anonymous else ""
        self.writer.add(
            Client,
            (
                cid,
                self.now,
                self.now,
                anonymous,
                given,
                family,
                "",
                born,
                year,
                indigenous,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                org.pk,
                linked_to,
                search,
                keys,
            ),
        )
        self.made += 1
        return cid

    def person(self) -> None:
        rng = self.rng
        hub = rng.choice(self.net.hubs)
        periods = self.periods()
        other = rng.choice(self.named) if self.named and rng.random() < SHARE_MERGED else None
        cid = self.client_row(org=hub.org, like=other)
        self.named.append(cid)
        if other is not None:
            key = self.keys.get(other, other)
            if other not in self.keys:
                self.keys[other] = other
                self.writer.add(PersonIdentity, (other, other))
            self.keys[cid] = key
            self.writer.add(PersonIdentity, (cid, key))
        periods = self.housing(cid, periods)
        self.history(cid, hub, periods, weight=1.0)
        if self.made < self.clients and rng.random() < SHARE_LINKED_ANONYMOUS:
            anon = self.client_row(anonymous=True, linked_to=cid, org=hub.org)
            self.history(anon, hub, periods[:1], weight=0.3, stays=False)
        if self.made < self.clients and rng.random() < SHARE_FAMILY:
            self.family(cid, hub, periods[0][0])

    def family(self, parent: uuid.UUID, hub: _Place, formed: dt.date) -> None:
        child = self.client_row(age=self.rng.randint(1, 15), org=hub.org)
        household = self.id()
        staff, org = hub.staff.pk, hub.org.pk
        self.writer.add(Household, (household, self.now, self.now, org, staff, formed))
        for cid, relationship in ((parent, "head"), (child, "child")):
            self.writer.add(
                HouseholdMembership,
                (
                    self.id(),
                    self.now,
                    self.now,
                    household,
                    cid,
                    relationship,
                    formed,
                    None,
                    "",
                    "",
                    org,
                    staff,
                ),
            )

    def housing(
        self, cid: uuid.UUID, periods: list[tuple[dt.date, dt.date]]
    ) -> list[tuple[dt.date, dt.date]]:
        """A tenancy after the last period for some; an ended one may be
        followed by a return to homelessness."""
        rng = self.rng
        if rng.random() >= SHARE_HOUSED:
            return periods
        start = periods[-1][1] + dt.timedelta(days=1)
        if start >= self.today:
            return periods
        end: dt.date | None = start + dt.timedelta(days=rng.randint(60, 400))
        reason = ""
        if rng.random() < 0.3 and end is not None and end < self.today:
            reason = rng.choice(END_REASONS)
        else:
            end = None
        place = self.net.housing
        unit = self.id()
        self.writer.add(
            HousingUnit,
            (
                unit,
                self.now,
                self.now,
                self.net.landlord.pk,
                f"{rng.randint(1, 999)} rue Rideau, app. {self.made}",
                "Ottawa",
                "K1N 5Y3",
                "apartment",
                900,
                "",
                "",
                "occupied" if end is None else "off_market",
                "",
                place.org.pk,
            ),
        )
        if end is None:
            self.writer.add(
                Tenancy,
                (
                    self.id(),
                    self.now,
                    self.now,
                    place.org.pk,
                    place.staff.pk,
                    cid,
                    unit,
                    start,
                    None,
                    "",
                    "",
                ),
            )
            return periods
        self.writer.add(
            Tenancy,
            (
                self.id(),
                self.now,
                self.now,
                place.org.pk,
                place.staff.pk,
                cid,
                unit,
                start,
                end,
                reason,
                "",
            ),
        )
        if reason != TenancyEndReason.BETTER_HOUSING and rng.random() < 0.7:
            back = end + dt.timedelta(days=rng.randint(1, 30))
            if back <= self.today:
                periods = [
                    *periods,
                    (back, min(back + dt.timedelta(days=rng.randint(20, 150)), self.today)),
                ]
        return periods

    def history(
        self,
        cid: uuid.UUID,
        hub: _Place,
        periods: list[tuple[dt.date, dt.date]],
        *,
        weight: float,
        stays: bool = True,
    ) -> None:
        rng = self.rng
        remaining = max(1, self.clients - self.made + 1)
        expected = self.visits_left / remaining
        count = round(expected * weight * rng.uniform(0.3, 1.7))
        if self.made >= self.clients:
            count = self.visits_left
        count = min(count, self.visits_left)
        days = [d for lo, hi in periods for d in _days(lo, hi)]
        for _ in range(count):
            self.visit(cid, hub, rng.choice(days))
        if not stays:
            return
        if count == 0 or rng.random() < SHARE_STREET:
            self.street(cid, hub, periods)
        if rng.random() < SHARE_SHELTER:
            self.shelter(cid, periods)
        if rng.random() < SHARE_CASEWORK:
            self.casework(cid, periods)
        if rng.random() < SHARE_TRANSITIONAL:
            self.transitional(cid, periods[-1])

    def visit(self, cid: uuid.UUID, hub: _Place, day: dt.date) -> None:
        rng = self.rng
        vid = self.id()
        moment = self.at(day, rng.randint(8, 19), rng.choice((0, 15, 30, 45)))
        self.writer.add(
            Visit,
            (
                vid,
                moment,
                moment,
                cid,
                moment,
                hub.org.pk,
                "Accueil de jour",
                rng.choice(NEEDS),
                "",
                "",
                hub.staff.pk,
            ),
        )
        visits, services = self.visits_left, self.services_left
        if visits <= 1:
            n = services
        else:
            n = round(services / visits * rng.uniform(0.4, 1.6))
            n = max(1, min(n, services - (visits - 1)))
        self.visits_left -= 1
        self.services_left -= n
        for _ in range(n):
            self.writer.add(
                VisitService,
                (self.id(), moment, moment, vid, rng.choice(SERVICE_KINDS), 1, ""),
            )

    def street(self, cid: uuid.UUID, hub: _Place, periods: list[tuple[dt.date, dt.date]]) -> None:
        rng = self.rng
        for lo, hi in periods:
            days = _days(lo, hi)
            for day in sorted(rng.sample(days, min(len(days), max(1, len(days) // 12)))):
                self.writer.add(
                    StreetContact,
                    (
                        self.id(),
                        self.now,
                        self.now,
                        cid,
                        day,
                        "Parc Strathcona",
                        hub.org.pk,
                        hub.staff.pk,
                    ),
                )

    def _stay(
        self,
        cid: uuid.UUID,
        bed: tuple[Site, Room, Bed],
        start: dt.date,
        end: dt.date | None,
        destination: str,
        staff: User,
    ) -> None:
        site, room, the_bed = bed
        started = self.at(start, 19)
        ended = self.at(end, 8) if end is not None else None
        self.writer.add(
            Stay,
            (
                self.id(),
                started,
                started,
                cid,
                site.pk,
                room.pk,
                the_bed.pk,
                started,
                ended,
                _exit_reason(ended, destination),
                destination if ended else "",
                "",
                staff.pk,
                staff.pk if ended else None,
            ),
        )

    def shelter(self, cid: uuid.UUID, periods: list[tuple[dt.date, dt.date]]) -> None:
        """Chained stays through each period; the last may be open today."""
        rng = self.rng
        beds = self.net.shelter_beds
        staff = self.net.shelter.staff
        for index, (lo, hi) in enumerate(periods):
            last_period = index == len(periods) - 1
            day = lo + dt.timedelta(days=rng.randint(0, 5))
            while day < hi:
                end = min(day + dt.timedelta(days=rng.randint(1, 45)), hi)
                if end <= day:
                    break
                is_last = end >= hi
                if is_last and last_period and hi >= self.today and self.free_shelter:
                    self._stay(cid, beds[self.free_shelter.pop()], day, None, "", staff)
                    return
                destination = (
                    Destination.PERMANENT_HOUSING
                    if is_last and rng.random() < 0.15
                    else rng.choice((Destination.UNKNOWN, Destination.STREET, Destination.OTHER))
                )
                self._stay(cid, rng.choice(beds), day, end, destination, staff)
                day = end + dt.timedelta(days=rng.randint(1, 20))

    def transitional(self, cid: uuid.UUID, period: tuple[dt.date, dt.date]) -> None:
        rng = self.rng
        start = period[1] + dt.timedelta(days=1)
        if start >= self.today:
            return
        end = start + dt.timedelta(days=rng.randint(30, 180))
        staff = self.net.housing.staff
        beds = self.net.transitional_beds
        if end >= self.today:
            if self.free_transitional:
                self._stay(cid, beds[self.free_transitional.pop()], start, None, "", staff)
            return
        destination = Destination.PERMANENT_HOUSING if rng.random() < 0.5 else Destination.UNKNOWN
        self._stay(cid, rng.choice(beds), start, end, destination, staff)

    def casework(self, cid: uuid.UUID, periods: list[tuple[dt.date, dt.date]]) -> None:
        rng = self.rng
        icm = self.net.icm
        lo, hi = periods[-1]
        day = lo
        for _ in range(30):
            if day > hi:
                break
            moment = self.at(day, rng.randint(9, 16))
            self.writer.add(
                Encounter,
                (
                    self.id(),
                    moment,
                    moment,
                    icm.org.pk,
                    icm.staff.pk,
                    cid,
                    icm.program.pk,
                    rng.choice((EncounterKind.HOME_VISIT, EncounterKind.OUTREACH)),
                    moment,
                    rng.randint(20, 90),
                    "",
                    "housing",
                    "",
                ),
            )
            day += dt.timedelta(days=rng.randint(5, 14))


def _exit_reason(ended: dt.datetime | None, destination: str) -> str:
    if ended is None:
        return ""
    return ExitReason.HOUSED if destination == Destination.PERMANENT_HOUSING else ExitReason.LEFT


def _days(lo: dt.date, hi: dt.date) -> list[dt.date]:
    return [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)]


def seed_scale(
    *,
    clients: int,
    services: int,
    months: int = 24,
    seed: int = 2026,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ScaleResult:
    """Write a scale network (``ScaleRefused`` when the database holds other
    data or a scale network, unless ``force``)."""
    started = timezone.now()
    others, scale = scale_data_present()
    if (others or scale) and not force:
        raise ScaleRefused
    run = Organization.objects.filter(name__startswith=PREFIX, name__contains="Hub 1 ").count()
    run = run + 1
    with transaction.atomic():
        net = _network(clients, run)
    generator = _Generator(
        clients=clients, services=services, months=months, seed=seed, run=run, net=net
    )
    counts = generator.run(progress or (lambda n: None))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in COLUMNS:
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    with transaction.atomic():
        audit_record(
            action=AuditAction.CREATE,
            actor_label="seed_scale",
            target_type="scale_network",
            after={"seed": seed, "months": months, **counts},
        )
    return ScaleResult(counts=counts, seconds=(timezone.now() - started).total_seconds())
