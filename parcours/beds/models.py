"""Beds: the sites of partner programs (shelters, transitional residences,
withdrawal-management and treatment beds, respite units), their rooms and
beds, who stays in them (book-in / book-out), holds placed for referred
clients, turnaways (unmet demand), service restrictions, and street contacts
recorded by outreach (evidence of unsheltered homelessness).

Invariants kept by the database as well as by the services:

* one open stay per bed, one open stay per client;
* one active hold per bed (an expired hold is marked expired, under the bed's
  row lock, before a new one is placed);
* a stay ends after it starts.

Family rooms are booked as a room for a household (``RoomBooking``): one
booking row per room and household, one stay row per member (so that every
person's nights count for their own homeless days), with no bed.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parcours.core.models import BaseModel


class SiteKind(models.TextChoices):
    EMERGENCY_SHELTER = "emergency_shelter", _("Emergency shelter")
    FAMILY_SHELTER = "family_shelter", _("Family shelter")
    TRANSITIONAL = "transitional", _("Transitional housing")
    TREATMENT = "treatment", _("Treatment or withdrawal-management bed")
    RESPITE = "respite", _("Respite or recuperative care")
    OTHER = "other", pgettext_lazy("kind of site", "Other")


class GenderRestriction(models.TextChoices):
    ANY = "any", _("Any gender")
    WOMEN = "women", _("Women only")
    MEN = "men", _("Men only")
    WOMEN_GENDER_DIVERSE = "women_gender_diverse", _("Women and gender-diverse people")


class Site(BaseModel):
    """A place with beds, run by a partner program."""

    program = models.ForeignKey(
        "accounts.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="bed_sites",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=SiteKind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    night_by_night = models.BooleanField(
        _("night by night"),
        default=False,
        help_text=_(
            "Beds are given for one night at a time: at the nightly roll call, "
            "people who did not come back are booked out."
        ),
    )
    evening_intake_time = models.TimeField(
        _("evening intake time"),
        null=True,
        blank=True,
        help_text=_(
            "When the site takes in its people for the night: a bed held during the "
            "day is kept until then by default."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint("program", "name", name="beds_site_name_unique_in_program"),
        ]

    def __str__(self) -> str:
        return self.name


class Room(BaseModel):
    """A room of a site (a dormitory, a bedroom, a family room) and the
    restrictions of its beds."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=100)
    is_family_room = models.BooleanField(
        _("family room"),
        default=False,
        help_text=_("Booked as a whole for one household, not bed by bed."),
    )
    gender = models.CharField(
        _("gender"), max_length=30, choices=GenderRestriction.choices, default=GenderRestriction.ANY
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    pets_allowed = models.BooleanField(_("pets allowed"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site__name", "sort_order", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint("site", "name", name="beds_room_name_unique_in_site"),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=F("min_age")),
                name="beds_room_age_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Bed(BaseModel):
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="beds"
    )
    label = models.CharField(_("label"), max_length=50)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["room__sort_order", "room__name", "label"]
        verbose_name = _("bed")
        verbose_name_plural = _("beds")
        constraints = [
            models.UniqueConstraint("room", "label", name="beds_bed_label_unique_in_room"),
        ]

    def __str__(self) -> str:
        return self.label


class ExitReason(models.TextChoices):
    COMPLETED = "completed", _("Completed the stay or the program")
    HOUSED = "housed", _("Moved to housing")
    TRANSFERRED = "transferred", _("Transferred to another site")
    LEFT = "left", _("Left on their own")
    DID_NOT_RETURN = "did_not_return", _("Did not come back for the night")
    DISCHARGED = "discharged", _("Discharged for a service restriction")
    HOSPITAL = "hospital", _("Admitted to hospital")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", pgettext_lazy("reason for leaving", "Other")
    UNKNOWN = "unknown", _("Unknown")


class Destination(models.TextChoices):
    PERMANENT_HOUSING = "permanent_housing", _("Permanent housing")
    TRANSITIONAL = "transitional", _("Transitional housing")
    OTHER_SHELTER = "other_shelter", _("Another shelter")
    TREATMENT = "treatment", _("Treatment or withdrawal management")
    HOSPITAL = "hospital", _("Hospital")
    FAMILY_FRIENDS = "family_friends", _("Family or friends")
    STREET = "street", _("Street or unsheltered")
    CORRECTIONS = "corrections", _("Correctional facility")
    OTHER = "other", pgettext_lazy("destination", "Other")
    UNKNOWN = "unknown", _("Unknown")


class RoomBooking(BaseModel):
    """A family room booked for a household, from book-in to book-out. Each
    member has a stay of their own (``Stay.room_booking``)."""

    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="bookings"
    )
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="room_bookings",
    )
    started_at = models.DateTimeField(_("booked in"))
    ended_at = models.DateTimeField(_("booked out"), null=True, blank=True)
    booked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked in by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("family room booking")
        verbose_name_plural = _("family room bookings")
        constraints = [
            models.UniqueConstraint(
                "room", condition=Q(ended_at__isnull=True), name="beds_one_open_booking_per_room"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="beds_booking_ends_after_start",
            ),
        ]


class Stay(BaseModel):
    """One person's stay at a site: in a bed, or in a family room with their
    household. Open while ``ended_at`` is empty."""

    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="stays"
    )
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="stays"
    )
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="stays"
    )
    bed = models.ForeignKey(
        Bed,
        verbose_name=_("bed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stays",
    )
    room_booking = models.ForeignKey(
        RoomBooking,
        verbose_name=_("family room booking"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stays",
    )
    started_at = models.DateTimeField(_("booked in"))
    ended_at = models.DateTimeField(_("booked out"), null=True, blank=True)
    exit_reason = models.CharField(
        _("reason for leaving"), max_length=30, choices=ExitReason.choices, blank=True
    )
    destination = models.CharField(
        _("destination"), max_length=30, choices=Destination.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    booked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked in by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    booked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked out by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        indexes = [
            models.Index(fields=["client", "started_at"]),
            models.Index(fields=["site", "started_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                "bed",
                condition=Q(ended_at__isnull=True, bed__isnull=False),
                name="beds_one_open_stay_per_bed",
            ),
            models.UniqueConstraint(
                "client", condition=Q(ended_at__isnull=True), name="beds_one_open_stay_per_client"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="beds_stay_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(bed__isnull=False) | Q(room_booking__isnull=False),
                name="beds_stay_in_a_bed_or_a_family_room",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    def nights(self, *, until: dt.datetime | None = None) -> int:
        """Nights spent: local dates from book-in to book-out (or ``until``, now)."""
        end = self.ended_at or until or timezone.now()
        start_day = timezone.localdate(self.started_at)
        end_day = timezone.localdate(end)
        return max((end_day - start_day).days, 0)


class HoldStatus(models.TextChoices):
    ACTIVE = "active", _("Held")
    USED = "used", _("Used for a book-in")
    RELEASED = "released", _("Released")
    EXPIRED = "expired", _("Expired")


class Hold(BaseModel):
    """A bed (or a family room) kept for a referred client for a few hours.
    A hold whose time has passed is free again, whatever its status says."""

    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="holds"
    )
    bed = models.ForeignKey(
        Bed,
        verbose_name=_("bed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holds",
    )
    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=HoldStatus.choices, default=HoldStatus.ACTIVE
    )
    expires_at = models.DateTimeField(_("held until"))
    reason = models.CharField(_("referral note"), max_length=300, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    placed_by_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("referring partner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        constraints = [
            models.UniqueConstraint(
                "bed",
                condition=Q(status="active", bed__isnull=False),
                name="beds_one_active_hold_per_bed",
            ),
            models.UniqueConstraint(
                "room",
                condition=Q(status="active", bed__isnull=True),
                name="beds_one_active_hold_per_family_room",
            ),
        ]

    def is_in_force(self, now: dt.datetime | None = None) -> bool:
        return self.status == HoldStatus.ACTIVE and self.expires_at > (now or timezone.now())


class TurnawayReason(models.TextChoices):
    NO_BED = "no_bed", _("No bed available")
    RESTRICTION = "restriction", _("A restriction of the site or a service restriction")
    OTHER = "other", pgettext_lazy("reason for a turnaway", "Other")


class Turnaway(BaseModel):
    """Someone asked for a bed and could not be given one: unmet demand."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="turnaways"
    )
    occurred_at = models.DateTimeField(_("when"))
    reason = models.CharField(_("reason"), max_length=20, choices=TurnawayReason.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty when the person did not give their name."),
    )
    people = models.PositiveSmallIntegerField(
        _("people"),
        default=1,
        help_text=_("How many people were turned away (a family counts each)."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("turnaway")
        verbose_name_plural = _("turnaways")
        indexes = [models.Index(fields=["site", "occurred_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(people__gte=1), name="beds_turnaway_people_positive"
            ),
        ]


class ServiceRestriction(BaseModel):
    """A client may not stay at a site until the end date (or until lifted)."""

    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="+"
    )
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="restrictions"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("service restriction")
        verbose_name_plural = _("service restrictions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="beds_restriction_ends_after_start",
            ),
        ]

    def in_force(self, on: dt.date) -> bool:
        return (
            self.lifted_at is None
            and self.starts_on <= on
            and (self.ends_on is None or self.ends_on >= on)
        )


class StreetContact(BaseModel):
    """Outreach saw the client sleeping outside or in a place not meant for
    people to live in, that day: a homeless day for the by-name list."""

    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="+"
    )
    seen_on = models.DateField(_("seen on"))
    place = models.CharField(_("where"), max_length=200, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("recorded at"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-seen_on"]
        verbose_name = _("street contact")
        verbose_name_plural = _("street contacts")
        indexes = [models.Index(fields=["client", "seen_on"])]


class ShelterHistory(BaseModel):
    """Nights a person spent in an emergency shelter or safe haven of another
    system, taken from its records (an HMIS import: a shelter enrollment, or
    one bed night). Counted as homeless days like the network's own stays;
    an open period (no end) means the person is in shelter now, as that
    system last said. ``reference`` names the record it came from, so a later
    import of the same source replaces it instead of adding a second."""

    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("first night"))
    ended_on = models.DateField(
        _("left on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the person left: the night before is the last one counted "
            "(the first night always counts)."
        ),
    )
    destination = models.CharField(
        _("destination"), max_length=30, choices=Destination.choices, blank=True
    )
    place = models.CharField(_("where"), max_length=200, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("recorded at"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reference = models.CharField(_("taken from"), max_length=160)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("shelter history")
        verbose_name_plural = _("shelter history")
        indexes = [models.Index(fields=["client", "started_on"])]
        constraints = [
            models.UniqueConstraint("reference", name="beds_shelter_history_reference_unique"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="beds_shelter_history_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.started_on} – {self.ended_on or ''}"
