"""What the menu shows of coordination for a user: the unread notifications'
count and whether the team boards and on-call rosters are theirs to open —
one query for the three, on every page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, Func, IntegerField, Subquery, Value

from parcours import access
from parcours.accounts.models import User


@dataclass(frozen=True)
class CoordinationMenu:
    unread: int = 0
    board: bool = False
    roster: bool = False


def coordination_menu(user: User) -> CoordinationMenu:
    if not access.is_staff_user(user):
        return CoordinationMenu()
    unread = (
        access.notifications_of(user)
        .filter(read_at__isnull=True)
        .order_by()
        # COUNT as a plain function: no GROUP BY, one row.
        .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("n")[:1]
    )
    board: Value | Exists
    roster: Value | Exists
    if user.organization_id is None:
        board = roster = Value(False)
    else:
        board = Exists(access.board_programs_for(user))
        roster = (
            Value(True)
            if user.is_org_admin
            else Exists(access.programs_with_roster_visible_to(user))
        )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(menu_unread=Subquery(unread), menu_board=board, menu_roster=roster)
        .values_list("menu_unread", "menu_board", "menu_roster")
        .first()
    )
    if row is None:
        return CoordinationMenu()
    return CoordinationMenu(unread=int(row[0] or 0), board=bool(row[1]), roster=bool(row[2]))
