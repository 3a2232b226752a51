"""A shelter's nightly list: who is in which bed tonight, who is expected
(holds in force, with their expiry) and how many beds are free — the site's
board (``selectors.site_board``, four queries whatever the number of beds,
beds in natural order) read for the front desk's printout."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from parcours.accounts.models import User
from parcours.beds.models import Hold, Site
from parcours.beds.selectors import RoomLine, SiteBoard, site_board


@dataclass(frozen=True)
class Arrival:
    """A hold in force: the client expected tonight, where, until when."""

    hold: Hold
    room: str
    bed: str


@dataclass(frozen=True)
class NightlyList:
    site: Site
    board: SiteBoard
    arrivals: list[Arrival]
    free_beds: int

    @property
    def rooms(self) -> list[RoomLine]:
        return self.board.rooms

    @property
    def client_ids(self) -> list[uuid.UUID]:
        return self.board.client_ids


def _free_beds(board: SiteBoard) -> int:
    free = 0
    for room in board.rooms:
        if room.room.is_family_room:
            free += 0 if (room.booking or room.hold) else len(room.beds)
        else:
            free += sum(1 for line in room.beds if line.stay is None and line.hold is None)
    return free


def nightly_list(user: User, site: Site) -> NightlyList:
    """The site's list for tonight (404 for anyone who does not run the site)."""
    board = site_board(user, site)
    arrivals: list[Arrival] = []
    for room in board.rooms:
        if room.hold is not None:
            arrivals.append(Arrival(hold=room.hold, room=room.room.name, bed=""))
        for line in room.beds:
            if line.hold is not None:
                arrivals.append(Arrival(hold=line.hold, room=room.room.name, bed=line.bed.label))
    arrivals.sort(key=lambda a: (a.hold.expires_at, a.hold.client.display_name))
    return NightlyList(site=site, board=board, arrivals=arrivals, free_beds=_free_beds(board))
