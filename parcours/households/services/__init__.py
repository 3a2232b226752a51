"""Writes to households. Every service validates first (a ``ValidationError``
with translated messages, nothing written), then writes inside one
transaction with its audit event. The household row is locked while its
members change, and its version goes up with every change, so that a form or
an API call based on an older version is refused (``StaleHousehold``).

One module per part, every name re-exported here:

* ``members`` — forming a household, members joining, leaving, changing
  their relationship;
* ``guardians`` — recording and ending guardianships;
* ``plans`` — the family's assessment, goals and enrollment in a program
  (each member's enrollment through ``casework.services.enrollment_open``);
* ``viewed`` — the audit events of reads that show people.
"""

from parcours.households.services._common import (
    GOAL_FIELDS,
    GUARDIANSHIP_FIELDS,
    MEMBERSHIP_FIELDS,
    StaleHousehold,
)
from parcours.households.services.guardians import guardianship_add, guardianship_end
from parcours.households.services.members import (
    household_create,
    household_member_add,
    household_member_leave,
    household_member_relationship_change,
)
from parcours.households.services.plans import (
    household_assessment_record,
    household_enroll,
    household_goal_add,
    household_goal_update,
)
from parcours.households.services.viewed import household_viewed, households_listed

__all__ = [
    "GOAL_FIELDS",
    "GUARDIANSHIP_FIELDS",
    "MEMBERSHIP_FIELDS",
    "StaleHousehold",
    "guardianship_add",
    "guardianship_end",
    "household_assessment_record",
    "household_create",
    "household_enroll",
    "household_goal_add",
    "household_goal_update",
    "household_member_add",
    "household_member_leave",
    "household_member_relationship_change",
    "household_viewed",
    "households_listed",
]
