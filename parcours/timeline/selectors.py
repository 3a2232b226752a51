"""The client file's timeline and its health and safety flags.

Every item is read from a queryset the access layer filters — the same
policies the file's sections use (``ClientAccess.record_filter``,
``case_note_filter``, ``stays_visible_to``, ``shelter_history_visible_to``,
``street_contacts_visible_to``, ``referrals_readable_by``, ``tenancies_of``,
``service_restrictions_visible_to``,
``crisis_flags_visible_to``, ``pathway_alerts_filter``): an item the user may
not see is not there. A lock-box on one record removes it too.

The kinds are read in one SQL query (a ``UNION ALL`` of one narrow select
per kind, newest first, one page plus one row), so the timeline costs the
same whatever the number of records."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    DateField,
    DateTimeField,
    F,
    Q,
    QuerySet,
    TextField,
    UUIDField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Substr
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parcours import access
from parcours.access import ClientAccess
from parcours.access.entry import ENTRY_LABEL
from parcours.access.housing import tenancies_of
from parcours.beds.models import Destination
from parcours.casework.models import (
    Assessment,
    CaseNote,
    Encounter,
    EncounterKind,
    Goal,
    GoalReview,
    NoteKind,
)
from parcours.clients.models import (
    AlertKind,
    DataCategory,
    Stage,
    Visit,
)
from parcours.clients.selectors import pathway_for
from parcours.coordination.models import (
    CoordinatedEntryRecord,
    EntryAssessmentLevel,
    EntryEvent,
    EntryRecordKind,
    EntryReferralResult,
    InstitutionStay,
    ReferralStatus,
)
from parcours.core.client_file import client_file_url
from parcours.housing.models import TenancyEndReason

PAGE_SIZE = 25
RECENT_ALERT_DAYS = 90

# The kinds a worker filters on, in the order of the filter bar.
KINDS: dict[str, Any] = {
    "visit": _("Visits"),
    "stay": _("Shelter stays"),
    "street": _("Street contacts"),
    "encounter": _("Encounters"),
    "note": _("Notes"),
    "assessment": _("Assessments"),
    "plan": _("Plan"),
    "pathway": _("Pathway"),
    "referral": _("Referrals"),
    "tenancy": _("Tenancies"),
    "institution": _("Hospital and institution stays"),
}

# What each row says: its kind's label, and its code's label when it has one.
_WHAT: dict[str, Any] = {
    "visit": _("Visit"),
    "stay_in": _("Booked into a shelter"),
    "stay_out": _("Booked out of a shelter"),
    "elsewhere_in": _("Into a shelter (recorded in another system)"),
    "elsewhere_out": _("Out of a shelter (recorded in another system)"),
    "street": _("Street contact"),
    "encounter": _("Encounter"),
    "note": _("Note"),
    "assessment": _("Assessment"),
    "entry_assessment": _("Coordinated-entry assessment (another system)"),
    "entry_event": _("Coordinated-entry event (another system)"),
    "goal": _("Goal added to the plan"),
    "review": _("Goal reviewed"),
    "pathway": _("Pathway stage"),
    "referral": _("Referral"),
    "tenancy_start": _("Tenancy started"),
    "tenancy_end": _("Tenancy ended"),
    "admitted": _("Admitted to an institution"),
    "discharged": _("Discharged from an institution"),
}
_CODES: dict[str, Any] = {
    "encounter": EncounterKind,
    "note": NoteKind,
    "pathway": Stage,
    "referral": ReferralStatus,
    "tenancy_end": TenancyEndReason,
    "stay_out": Destination,
    "entry_assessment": EntryAssessmentLevel,
    "entry_event": EntryEvent,
    "elsewhere_out": Destination,
}

_COLUMNS = (
    "t_kind",
    "t_id",
    "t_when",
    "t_day",
    "t_code",
    "t_text",
    "t_worker_given",
    "t_worker_family",
    "t_org",
    "t_place",
)


@dataclass(frozen=True)
class TimelineItem:
    kind: str
    group: str
    pk: uuid.UUID
    when: dt.datetime
    day: dt.date | None
    what: str
    text: str
    worker: str
    organization: str
    place: str
    url: str


@dataclass(frozen=True)
class TimelinePage:
    items: list[TimelineItem]
    kinds: list[str]
    page: int
    has_more: bool


def _text(value: Any) -> Any:
    return Value(value, output_field=CharField())


def _row(
    qs: QuerySet[Any],
    kind: str,
    *,
    when: Any = None,
    day: Any = None,
    code: Any = "",
    text: Any = "",
    worker: str = "",
    org: Any = "",
    place: Any = "",
) -> QuerySet[Any]:
    """One kind's narrow select, its columns named as the union needs them."""
    if when is None:
        when = Cast(day, DateTimeField())
    exprs = {
        "t_kind": _text(kind),
        "t_id": Cast("pk", UUIDField()),
        "t_when": when if not isinstance(when, str) else F(when),
        # A typed NULL: PostgreSQL types an untyped NULL of a UNION's first
        # select as text, which the date columns of the others cannot match.
        "t_day": F(day) if isinstance(day, str) else Cast(Value(None), DateField()),
        "t_code": F(code) if code else _text(""),
        "t_text": text if not isinstance(text, str) else (F(text) if text else _text("")),
        "t_worker_given": F(f"{worker}__given_name") if worker else _text(""),
        "t_worker_family": F(f"{worker}__family_name") if worker else _text(""),
        "t_org": org if not isinstance(org, str) else (F(org) if org else _text("")),
        "t_place": place if not isinstance(place, str) else (F(place) if place else _text("")),
    }
    for name in ("t_code", "t_text", "t_org", "t_place"):
        exprs[name] = Cast(exprs[name], TextField())
    rows: QuerySet[Any] = qs.order_by().annotate(**exprs).values(*_COLUMNS)
    return rows


def _unlocked(client_access: ClientAccess, label: str) -> Q:
    locked = client_access.locked_ids(label)
    return ~Q(pk__in=locked)


def _sources(client_access: ClientAccess) -> dict[str, Callable[[], list[QuerySet[Any]]]]:
    """Per kind, the narrow selects of the records the user may see."""
    client, user = client_access.client, client_access.user
    name = "name_fr" if (get_language() or "").startswith("fr") else "name_en"

    def mine(model: type[Any], category: str, label: str) -> QuerySet[Any]:
        records: QuerySet[Any] = model.objects.filter(client=client)
        return records.filter(client_access.record_filter(category=category, model_label=label))

    def visits() -> list[QuerySet[Any]]:
        qs = mine(Visit, DataCategory.CASE_PLAN, "clients.visit")
        return [
            _row(
                qs,
                "visit",
                when="occurred_at",
                text="needs_other",
                worker="recorded_by",
                org="organization__name",
                place="site",
            )
        ]

    def stays() -> list[QuerySet[Any]]:
        qs = access.stays_of(client_access)
        common = {"org": "site__program__organization__name", "place": "site__name"}
        return [
            _row(qs, "stay_in", when="started_at", worker="booked_in_by", **common),
            _row(
                qs.filter(ended_at__isnull=False),
                "stay_out",
                when="ended_at",
                worker="booked_out_by",
                code="destination",
                **common,
            ),
            *elsewhere(),
        ]

    def elsewhere() -> list[QuerySet[Any]]:
        # Nights in other systems' shelters, from an import: stays too.
        qs = access.shelter_history_of(client_access)
        common = {"org": "organization__name", "place": "place"}
        return [
            _row(qs, "elsewhere_in", day="started_on", **common),
            _row(
                qs.filter(ended_on__isnull=False),
                "elsewhere_out",
                day="ended_on",
                code="destination",
                **common,
            ),
        ]

    def street() -> list[QuerySet[Any]]:
        qs = access.street_contacts_of(client_access)
        return [
            _row(
                qs,
                "street",
                day="seen_on",
                worker="recorded_by",
                org="organization__name",
                place="place",
            )
        ]

    def encounters() -> list[QuerySet[Any]]:
        qs = mine(Encounter, DataCategory.CASE_PLAN, "casework.encounter")
        return [
            _row(
                qs,
                "encounter",
                when="occurred_at",
                code="kind",
                worker="recorded_by",
                org="organization__name",
                place="location",
            )
        ]

    def notes() -> list[QuerySet[Any]]:
        # The notes' own policy: what the user may read at all; a sensitive
        # note shows its type only, never a word of its text.
        qs = CaseNote.objects.filter(client=client).filter(access.case_note_filter(client_access))
        snippet = Case(
            When(is_sensitive=True, then=_text("")),
            default=Substr("text", 1, 90),
            output_field=CharField(),
        )
        return [
            _row(
                qs,
                "note",
                when="created_at",
                code="kind",
                text=snippet,
                worker="author",
                org="organization__name",
            )
        ]

    def assessments() -> list[QuerySet[Any]]:
        qs = mine(Assessment, DataCategory.CASE_PLAN, "casework.assessment")
        entry = entry_records().filter(kind=EntryRecordKind.ASSESSMENT)
        listed = Case(
            When(prioritized=True, then=_text(str(_("placed on the priority list")))),
            When(prioritized=False, then=_text(str(_("not placed on the priority list")))),
            default=_text(""),
        )
        return [
            _row(
                qs,
                "assessment",
                day="assessed_on",
                text=f"instrument__{name}",
                worker="assessed_by",
                org="organization__name",
            ),
            _row(
                entry,
                "entry_assessment",
                day="occurred_on",
                code="assessment_level",
                text=listed,
                org="organization__name",
                place="location",
            ),
        ]

    def entry_records() -> QuerySet[Any]:
        # Another system's coordinated entry (imported): case-plan data.
        return mine(CoordinatedEntryRecord, DataCategory.CASE_PLAN, ENTRY_LABEL)

    def plan() -> list[QuerySet[Any]]:
        # The plan itself must be visible (``plan_for``), then each goal (``goals_for``).
        plan_visible = (
            Q(plan__organization_id=user.organization_id)
            if not client_access.can(DataCategory.CASE_PLAN)
            else Q()
        )
        locked_plans = client_access.locked_ids("casework.caseplan")
        goals = (
            Goal.objects.filter(plan__client=client)
            .filter(plan_visible & ~Q(plan_id__in=locked_plans))
            .filter(
                client_access.record_filter(
                    category=DataCategory.CASE_PLAN, model_label="casework.goal"
                )
            )
        )
        reviews = GoalReview.objects.filter(goal__in=goals.values("pk"))
        return [
            _row(
                goals,
                "goal",
                when="created_at",
                text=Substr("statement", 1, 90),
                worker="recorded_by",
                org="organization__name",
            ),
            _row(
                reviews,
                "review",
                day="reviewed_on",
                text=Substr("goal__statement", 1, 90),
                worker="reviewed_by",
                org="organization__name",
            ),
        ]

    def pathway() -> list[QuerySet[Any]]:
        return [
            _row(
                pathway_for(client_access),
                "pathway",
                day="entered_on",
                code="stage",
                text="reason",
                worker="recorded_by",
                org="organization__name",
            )
        ]

    def referrals() -> list[QuerySet[Any]]:
        qs = access.referrals_of(client_access)
        events = entry_records().filter(kind=EntryRecordKind.EVENT)
        result = Case(
            *(
                When(referral_result=value, then=_text(str(label)))
                for value, label in EntryReferralResult.choices
            ),
            default=_text(""),
        )
        return [
            _row(
                events,
                "entry_event",
                day="occurred_on",
                code="event",
                text=result,
                org="organization__name",
                place=Coalesce("program__name", _text("")),
            ),
            _row(
                qs,
                "referral",
                when=Coalesce("sent_at", "created_at"),
                code="status",
                text="service__name",
                worker="sent_by",
                org="organization__name",
                place=Coalesce("receiving_organization__name", _text("")),
            ),
        ]

    def tenancies() -> list[QuerySet[Any]]:
        qs = tenancies_of(client_access)
        common = {
            "text": "unit__address_line",
            "worker": "recorded_by",
            "org": "organization__name",
            "place": "unit__city",
        }
        return [
            _row(qs, "tenancy_start", day="start_date", **common),
            _row(
                qs.filter(end_date__isnull=False),
                "tenancy_end",
                day="end_date",
                code="end_reason",
                **common,
            ),
        ]

    def institutions() -> list[QuerySet[Any]]:
        if not access.can_see_institution_stays(client_access):
            return []
        qs = InstitutionStay.objects.filter(client=client).filter(
            client_access.record_filter(
                category=DataCategory.CASE_PLAN, model_label="coordination.institutionstay"
            )
        )
        common: dict[str, Any] = {
            "text": Coalesce("institution__name", "institution_name"),
            "worker": "recorded_by",
            "org": "organization__name",
        }
        return [
            _row(qs, "admitted", day="admitted_on", **common),
            _row(
                qs.filter(discharged_on__isnull=False),
                "discharged",
                day="discharged_on",
                **common,
            ),
        ]

    return {
        "visit": visits,
        "stay": stays,
        "street": street,
        "encounter": encounters,
        "note": notes,
        "assessment": assessments,
        "plan": plan,
        "pathway": pathway,
        "referral": referrals,
        "tenancy": tenancies,
        "institution": institutions,
    }


def _group(kind: str) -> str:
    return {
        "stay_in": "stay",
        "stay_out": "stay",
        "elsewhere_in": "stay",
        "entry_assessment": "assessment",
        "entry_event": "referral",
        "elsewhere_out": "stay",
        "goal": "plan",
        "review": "plan",
        "tenancy_start": "tenancy",
        "tenancy_end": "tenancy",
        "admitted": "institution",
        "discharged": "institution",
    }.get(kind, kind)


def _url(kind: str, pk: uuid.UUID, client_id: uuid.UUID) -> str:
    client = {"client_id": client_id}
    if kind.startswith("entry_"):
        # Imported from another system: all there is to read is on the item.
        return client_file_url(client_id, "timeline")
    urls: dict[str, Callable[[], str]] = {
        "visit": lambda: client_file_url(client_id, "visits"),
        "stay": lambda: reverse("beds:client_stays", kwargs=client),
        "street": lambda: reverse("beds:client_stays", kwargs=client),
        "encounter": lambda: reverse("casework:encounters", kwargs=client) + f"#encounter-{pk}",
        "note": lambda: reverse("casework:notes", kwargs=client) + f"#note-{pk}",
        "assessment": lambda: reverse("casework:assessment", kwargs={"assessment_id": pk}),
        "plan": lambda: reverse("casework:plan", kwargs=client),
        "pathway": lambda: client_file_url(client_id, "pathway"),
        "referral": lambda: reverse("coordination:referral_detail", kwargs={"referral_id": pk}),
        "tenancy": lambda: client_file_url(client_id, "housing"),
        "institution": lambda: reverse("coordination:institution_stays", kwargs=client),
    }
    return urls[_group(kind)]()


def _what(kind: str, code: str) -> str:
    label = str(_WHAT[kind])
    choices = _CODES.get(kind)
    if choices is not None and code in choices.values:
        return f"{label} — {choices(code).label}"
    return label


def selected_kinds(values: Iterable[str]) -> list[str]:
    """The kinds asked for (all when none or none known)."""
    chosen = [k for k in KINDS if k in set(values)]
    return chosen or list(KINDS)


def client_timeline(
    client_access: ClientAccess, *, kinds: Sequence[str] = (), page: int = 1
) -> TimelinePage:
    """The client's records the user may see, newest first: ``page`` pages
    of ``PAGE_SIZE`` (a "show more" page holds the ones before it too)."""
    chosen = selected_kinds(kinds)
    page = max(1, min(page, 40))
    sources = _sources(client_access)
    parts: list[QuerySet[Any]] = [qs for kind in chosen for qs in sources[kind]()]
    if not parts:
        return TimelinePage(items=[], kinds=chosen, page=page, has_more=False)
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    limit = page * PAGE_SIZE
    rows = list(union.order_by("-t_when", "t_kind")[: limit + 1])
    client_id = client_access.client.pk
    items = [
        TimelineItem(
            kind=row["t_kind"],
            group=_group(row["t_kind"]),
            pk=row["t_id"],
            when=row["t_when"],
            day=row["t_day"],
            what=_what(row["t_kind"], row["t_code"] or ""),
            text=row["t_text"] or "",
            worker=" ".join(
                part for part in (row["t_worker_given"], row["t_worker_family"]) if part
            ),
            organization=row["t_org"] or "",
            place=row["t_place"] or "",
            url=_url(row["t_kind"], row["t_id"], client_id),
        )
        for row in rows[:limit]
    ]
    return TimelinePage(items=items, kinds=chosen, page=page, has_more=len(rows) > limit)


def timeline_context(params: QueryDict, client_access: ClientAccess) -> dict[str, Any]:
    """The timeline of the request's filters (``kind``, ``page``)."""
    try:
        page = int(params.get("page", "1"))
    except ValueError:
        page = 1
    timeline = client_timeline(client_access, kinds=params.getlist("kind"), page=page)
    everything = len(timeline.kinds) == len(KINDS)
    return {
        "timeline": timeline,
        "timeline_kinds": [
            (kind, label, kind in timeline.kinds and not everything)
            for kind, label in KINDS.items()
        ],
        "timeline_all": everything,
        "timeline_filter": "".join(f"&kind={k}" for k in timeline.kinds if not everything),
    }


@dataclass(frozen=True)
class Flag:
    kind: str
    text: str
    since: dt.date | None


def _flag_row(
    qs: QuerySet[Any], kind: str, *, day: Any = None, at: Any = None, what: Any, text: Any
) -> QuerySet[Any]:
    """One kind of flag in the columns the flags' UNION shares."""
    rows: QuerySet[Any] = (
        qs.order_by()
        .annotate(
            f_kind=Value(kind, output_field=CharField()),
            f_day=day if day is not None else Cast(Value(None), DateField()),
            f_at=at if at is not None else Cast(Value(None), DateTimeField()),
            f_what=Cast(what, TextField()),
            f_text=Cast(text, TextField()),
        )
        .values_list("f_kind", "f_day", "f_at", "f_what", "f_text")
    )
    return rows


def client_flags(client_access: ClientAccess) -> list[Flag]:
    """Health and safety flags in force, for those allowed to see them:
    service restrictions at a site (the staff of the organization running
    it), a crisis flag (the boards the user may open), a recent revolving-door
    alert not yet acknowledged (those who weigh pathway alerts). Parcours
    keeps no allergy or "do not approach alone" field. One query (a UNION)."""
    client, user = client_access.client, client_access.user
    today = timezone.localdate()
    restrictions = (
        access.service_restrictions_visible_to(user)
        .filter(client=client, lifted_at__isnull=True, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(_unlocked(client_access, "beds.servicerestriction"))
    )
    crises = access.crisis_flags_of(client_access).filter(lifted_at__isnull=True)
    alerts = access.pathway_alerts_of(client_access).filter(
        acknowledged_at__isnull=True,
        created_at__gte=timezone.now() - dt.timedelta(days=RECENT_ALERT_DAYS),
    )
    rows = _flag_row(
        restrictions, "restriction", day=F("starts_on"), what=F("site__name"), text=F("reason")
    ).union(
        _flag_row(crises, "crisis", at=F("created_at"), what=F("program__name"), text=F("note")),
        _flag_row(alerts, "revolving_door", at=F("created_at"), what=F("kind"), text=Value("")),
        all=True,
    )
    alert_kinds = dict(AlertKind.choices)
    flags: list[tuple[int, Flag]] = []
    for kind, day, at, what, text in rows:
        since = day if day is not None else timezone.localdate(at)
        if kind == "restriction":
            label = str(_("Service restriction at %(site)s: %(reason)s")) % {
                "site": what,
                "reason": text,
            }
        elif kind == "crisis":
            label = str(_("In crisis (%(program)s): %(note)s")) % {"program": what, "note": text}
        else:
            label = str(_("Revolving door: %(kind)s")) % {"kind": alert_kinds.get(what, what)}
        flags.append((_FLAG_ORDER[kind], Flag(kind, label, since)))
    # Restrictions, then crises, then alerts; the newest first within each.
    flags.sort(key=lambda pair: (pair[0], -pair[1].since.toordinal() if pair[1].since else 0))
    return [flag for _order, flag in flags]


_FLAG_ORDER = {"restriction": 0, "crisis": 1, "revolving_door": 2}


__all__ = [
    "KINDS",
    "PAGE_SIZE",
    "Flag",
    "TimelineItem",
    "TimelinePage",
    "client_flags",
    "client_timeline",
    "selected_kinds",
    "timeline_context",
]
