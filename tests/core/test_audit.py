"""The audit log is append-only and tamper-evident."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError

from parcours.core.audit import GENESIS_HASH, audit_record, audit_verify_chain
from parcours.core.models import AppendOnlyError, AuditAction, AuditEvent


def _record_three(network):
    for action in (AuditAction.LOGIN, AuditAction.VIEW, AuditAction.LOGOUT):
        audit_record(action=action, actor=network.alice)


def _tamper(sql: str, params: list[object]) -> None:
    """Change a row the way someone with direct database access would,
    bypassing the PostgreSQL trigger that normally refuses it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


def test_each_event_links_to_the_previous_one(network):
    _record_three(network)
    events = list(AuditEvent.objects.order_by("id"))
    first_of_mine = events[-3]
    assert all(e.hash == e.compute_hash() for e in events)
    for previous, event in itertools.pairwise(events):
        assert event.previous_hash == previous.hash
    assert events[0].previous_hash == GENESIS_HASH
    assert first_of_mine.actor == network.alice
    assert first_of_mine.organization == network.carrefour


def test_intact_chain_verifies(network, capsys):
    _record_three(network)
    assert audit_verify_chain().ok
    call_command("audit_verify")
    assert capsys.readouterr().out.startswith("OK:")


def test_editing_a_row_in_the_database_is_detected(network, capsys):
    _record_three(network)
    victim = AuditEvent.objects.filter(action=AuditAction.VIEW).order_by("id").last()
    _tamper(
        "UPDATE core_auditevent SET actor_label = %s WHERE id = %s", ["someone-else", victim.id]
    )

    result = audit_verify_chain()
    assert not result.ok
    assert result.broken_id == victim.id
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 1
    assert f"#{victim.id}" in capsys.readouterr().out


def test_deleting_a_row_in_the_middle_is_detected(network):
    _record_three(network)
    victim = AuditEvent.objects.filter(action=AuditAction.VIEW).order_by("id").last()
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [victim.id])
    result = audit_verify_chain()
    assert not result.ok
    assert result.broken_id == victim.id + 1
    assert result.reason == "previous_hash"


def test_the_model_refuses_update_and_delete(network):
    audit_record(action=AuditAction.LOGIN, actor=network.alice)
    event = AuditEvent.objects.order_by("id").last()
    event.action = AuditAction.LOGOUT
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.action == AuditAction.LOGIN


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_update_and_delete_on_the_table(network):
    audit_record(action=AuditAction.LOGIN, actor=network.alice)
    event_id = AuditEvent.objects.order_by("id").last().id
    for sql in (
        "UPDATE core_auditevent SET actor_label = 'x' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event_id])
    assert AuditEvent.objects.get(id=event_id).actor_label == network.alice.email


def test_audit_verify_is_a_console_command_with_help():
    out = subprocess.run(
        [sys.executable, "-m", "parcours", "audit_verify", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "hash chain" in out


def test_many_events_at_once_extend_the_same_chain(network):
    from parcours.core.audit import audit_record_many

    audit_record(action=AuditAction.LOGIN, actor=network.alice)
    written = audit_record_many(
        [
            {"action": AuditAction.CREATE, "target_type": "clients.client", "target_id": str(n)}
            for n in range(5)
        ],
        actor=network.alice_admin,
    )
    audit_record(action=AuditAction.LOGOUT, actor=network.alice)
    assert written == 5
    events = list(AuditEvent.objects.order_by("id"))
    assert [e.action for e in events[-7:]] == ["auth.login"] + ["record.create"] * 5 + [
        "auth.logout"
    ]
    for previous, event in itertools.pairwise(events):
        assert event.previous_hash == previous.hash
    assert {e.actor_label for e in events[-6:-1]} == {network.alice_admin.email}
    assert audit_verify_chain().ok
