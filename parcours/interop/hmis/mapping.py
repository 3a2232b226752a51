"""HUD's codes in Parcours' words, both ways: project types and program
kinds, gender fields and the gender identity list, veteran status,
destinations (in words, and as the by-name list reads a shelter exit) and
the reasons an enrollment ends."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import ProgramKind
from parcours.beds.models import Destination
from parcours.casework.models import EnrollmentEndReason
from parcours.clients.models import YesNoPrefer

# 2.02.6 Project type -> program kind.
PROGRAM_KIND = {
    0: ProgramKind.SHELTER,  # emergency shelter, entry/exit
    1: ProgramKind.SHELTER,  # emergency shelter, night-by-night
    2: ProgramKind.HOUSING,  # transitional housing
    3: ProgramKind.HOUSING,  # permanent supportive housing
    4: ProgramKind.HUB,  # street outreach
    6: ProgramKind.OTHER,  # services only
    7: ProgramKind.OTHER,  # other
    8: ProgramKind.SHELTER,  # safe haven
    9: ProgramKind.HOUSING,  # permanent housing, housing only
    10: ProgramKind.HOUSING,  # permanent housing with services
    11: ProgramKind.HUB,  # day shelter
    12: ProgramKind.HOUSING,  # homelessness prevention
    13: ProgramKind.HOUSING,  # rapid re-housing
    14: ProgramKind.HUB,  # coordinated entry
}
# Program kind -> the project type an export writes.
PROJECT_TYPE = {
    ProgramKind.HUB: 14,
    ProgramKind.SHELTER: 0,
    ProgramKind.ICM: 6,
    ProgramKind.ACT: 6,
    ProgramKind.CTI: 6,
    ProgramKind.HOUSING: 3,
    ProgramKind.CLINICAL: 6,
    ProgramKind.COMPLEMENTARY: 6,
    ProgramKind.OTHER: 7,
}

VETERAN = {1: YesNoPrefer.YES, 0: YesNoPrefer.NO, 9: YesNoPrefer.PREFER_NOT}
VETERAN_CODE = {YesNoPrefer.YES: 1, YesNoPrefer.NO: 0, YesNoPrefer.PREFER_NOT: 9}

# 3.12.1 Destinations (FY2024).
DESTINATIONS: dict[int, Promise] = {
    101: _("Emergency shelter"),
    116: _("Place not meant for habitation"),
    118: _("Safe haven"),
    204: _("Psychiatric hospital or facility"),
    205: _("Substance use treatment facility or detox centre"),
    206: _("Hospital or other residential non-psychiatric medical facility"),
    207: _("Jail, prison or juvenile detention"),
    215: _("Foster care home or group home"),
    225: _("Long-term care facility or nursing home"),
    302: _("Transitional housing"),
    312: _("Staying with family, temporary"),
    313: _("Staying with friends, temporary"),
    314: _("Hotel or motel paid without an emergency voucher"),
    327: _("Moved to a residential project"),
    329: _("Residential project or halfway house with no homeless criteria"),
    332: _("Host home (non-crisis)"),
    410: _("Rental by the client, no ongoing housing subsidy"),
    411: _("Owned by the client, no ongoing housing subsidy"),
    421: _("Owned by the client, with an ongoing housing subsidy"),
    422: _("Staying or living with family, permanent"),
    423: _("Staying or living with friends, permanent"),
    426: _("Moved to permanent housing of another program"),
    435: _("Rental by the client, with an ongoing housing subsidy"),
    8: _("Client doesn't know"),
    9: _("Client prefers not to answer"),
    17: _("Other"),
    24: _("Deceased"),
    30: _("No exit interview completed"),
    37: _("Worker unable to determine"),
    99: _("Data not collected"),
}


def stay_destination(code: int | None) -> str:
    """Where a person went, in the words of the by-name list: a permanent
    destination (4xx) ends homelessness; the others say where they went."""
    if code is None:
        return ""
    if 400 <= code < 500:
        return Destination.PERMANENT_HOUSING
    return {
        101: Destination.OTHER_SHELTER,
        118: Destination.OTHER_SHELTER,
        116: Destination.STREET,
        204: Destination.TREATMENT,
        205: Destination.TREATMENT,
        206: Destination.HOSPITAL,
        207: Destination.CORRECTIONS,
        302: Destination.TRANSITIONAL,
        312: Destination.FAMILY_FRIENDS,
        313: Destination.FAMILY_FRIENDS,
        8: Destination.UNKNOWN,
        9: Destination.UNKNOWN,
        30: Destination.UNKNOWN,
        37: Destination.UNKNOWN,
        99: Destination.UNKNOWN,
    }.get(code, Destination.OTHER)


def end_reason(destination: int) -> str:
    if destination == 24:
        return EnrollmentEndReason.DECEASED
    if 200 <= destination < 300:
        return EnrollmentEndReason.INSTITUTION
    return EnrollmentEndReason.OTHER


def destination_text(destination: int) -> str:
    label = DESTINATIONS.get(destination)
    return f"{label} (HMIS {destination})" if label else f"HMIS {destination}"


def destination_code(text: str) -> int:
    """The code an exported exit carries: the one Parcours kept, or 17 (other)
    / 99 (not collected) for a destination typed in words."""
    if text.endswith(")") and "(HMIS " in text:
        code = text.rsplit("(HMIS ", 1)[1].rstrip(")")
        if code.isdigit():
            return int(code)
    if text.startswith("HMIS ") and text[5:].isdigit():
        return int(text[5:])
    return 17 if text.strip() else 99


def gender_code(values: dict[str, Any]) -> str:
    """The answer of Parcours' gender identity list for HUD's gender fields."""
    trans = values.get("Transgender") == 1
    if values.get("NonBinary") == 1:
        return "non_binary"
    if values.get("CulturallySpecific") == 1:
        return "two_spirit"
    if values.get("Woman") == 1 and values.get("Man") != 1:
        return "trans_woman" if trans else "woman"
    if values.get("Man") == 1 and values.get("Woman") != 1:
        return "trans_man" if trans else "man"
    if values.get("DifferentIdentity") == 1 or values.get("Questioning") == 1:
        return "other"
    if values.get("GenderNone") == 9:
        return "prefer_not_to_answer"
    if values.get("GenderNone") in (8, 99):
        return "unknown"
    return ""


GENDER_FIELDS = {
    "woman": {"Woman": 1},
    "man": {"Man": 1},
    "trans_woman": {"Woman": 1, "Transgender": 1},
    "trans_man": {"Man": 1, "Transgender": 1},
    "non_binary": {"NonBinary": 1},
    "two_spirit": {"CulturallySpecific": 1},
    "other": {"DifferentIdentity": 1},
    "prefer_not_to_answer": {"GenderNone": 9},
    "unknown": {"GenderNone": 8},
}


def plausible_birth_date(value: dt.date | None, today: dt.date) -> dt.date | None:
    """A date of birth Parcours can hold; an impossible one (in the future,
    before 1900) stays in the source row, not in the record."""
    if value is None or value > today or value.year < 1900:
        return None
    return value
