"""The menu's coordination items — the unread notifications' badge, the ACT
board and the roster — read in one query on every page."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone

from parcours.accounts.backends import UserBackend
from parcours.coordination.models import Notification, NotificationKind
from parcours.coordination.selectors.menu import CoordinationMenu, coordination_menu
from tests.conftest import client_for


def _notify(user, *, read: bool = False) -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind=NotificationKind.values[0],
        read_at=timezone.now() if read else None,
    )


def _badge(user) -> str | None:
    """The number on the menu's Notifications link (None: no badge)."""
    page = client_for(user).get(reverse("accounts:home")).content.decode()
    link = re.search(r'<a [^>]*id="nav-notifications"[^>]*>(.*?)</a>', page, re.S)
    assert link is not None
    badge = re.search(r'<span class="badge"[^>]*>(\d+)</span>', link.group(1))
    return badge.group(1) if badge else None


def test_the_badge_counts_the_unread_notifications_only(network):
    _notify(network.alice)
    _notify(network.alice)
    _notify(network.alice, read=True)
    _notify(network.bob)
    assert _badge(network.alice) == "2"
    assert coordination_menu(network.bob).unread == 1


def test_no_badge_without_unread_notifications(network):
    _notify(network.alice, read=True)
    assert _badge(network.alice) is None


def test_one_query_for_the_three_items(network, django_assert_num_queries):
    _notify(network.alice)
    alice = UserBackend().get_user(network.alice.pk)  # as signed in: her role known
    with django_assert_num_queries(1):
        menu = coordination_menu(alice)
    assert menu == CoordinationMenu(unread=1, board=menu.board, roster=menu.roster)


def test_nothing_for_a_deactivated_user(network, django_assert_num_queries):
    network.alice.is_active = False
    with django_assert_num_queries(0):
        assert coordination_menu(network.alice) == CoordinationMenu()
