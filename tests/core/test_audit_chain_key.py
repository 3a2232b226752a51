"""The audit chain is keyed (HMAC, key outside the database) and checkpoints
catch the removal of its newest rows."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parcours.core.audit import (
    GENESIS_HASH,
    Checkpoint,
    audit_checkpoint,
    audit_record,
    audit_verify_chain,
)
from parcours.core.models import AuditAction, AuditEvent
from tests.core.test_audit import _tamper


def _record(network, n: int) -> None:
    for _ in range(n):
        audit_record(action=AuditAction.VIEW, actor=network.alice, detail={"page": "x"})


def _rewrite_from(event_id: int, *, link) -> None:
    """What someone who can write the table would do to hide an edit: change
    a row, then recompute every link after it with ``link(previous, row)``."""
    _tamper("UPDATE core_auditevent SET actor_label = %s WHERE id = %s", ["someone-else", event_id])
    previous = AuditEvent.objects.filter(id__lt=event_id).order_by("-id").first()
    previous_hash = previous.hash if previous else GENESIS_HASH
    for event in AuditEvent.objects.filter(id__gte=event_id).order_by("id"):
        new_hash = link(previous_hash, event)
        _tamper(
            "UPDATE core_auditevent SET previous_hash = %s, hash = %s WHERE id = %s",
            [previous_hash, new_hash, event.id],
        )
        previous_hash = new_hash


def test_the_chain_is_keyed_so_an_edit_cannot_be_hidden_by_recomputing_sha256(network):
    _record(network, 4)
    victim = AuditEvent.objects.order_by("id")[2]
    _rewrite_from(
        victim.id,
        link=lambda prev, e: hashlib.sha256((prev + e.canonical()).encode()).hexdigest(),
    )
    result = audit_verify_chain()
    assert not result.ok
    assert (result.broken_id, result.reason) == (victim.id, "hash")


def test_recomputing_with_another_key_is_detected_too(network, settings):
    _record(network, 3)
    victim = AuditEvent.objects.order_by("id")[1]
    real_key = settings.AUDIT_CHAIN_KEY
    settings.AUDIT_CHAIN_KEY = "a guessed key"
    _rewrite_from(victim.id, link=lambda prev, e: e.compute_hash())
    settings.AUDIT_CHAIN_KEY = real_key
    assert audit_verify_chain().broken_id == victim.id


def test_rows_written_before_the_chain_was_keyed_still_verify(network):
    """An installation upgraded from the plain SHA-256 chain: its old rows
    verify as they were written, and every row after them is keyed."""
    _record(network, 3)
    _rewrite_from(
        AuditEvent.objects.order_by("id").first().id,
        link=lambda prev, e: hashlib.sha256((prev + e.canonical()).encode()).hexdigest(),
    )
    _record(network, 2)
    assert audit_verify_chain().ok


def test_truncating_the_newest_rows_is_caught_by_a_checkpoint(network, tmp_path, capsys):
    _record(network, 3)
    checkpoint_file = tmp_path / "checkpoints.jsonl"
    call_command("audit_checkpoint", "--output", str(checkpoint_file))
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    head = AuditEvent.objects.order_by("-id").first()
    assert (line["id"], line["hash"]) == (head.id, head.hash)
    _record(network, 2)
    call_command("audit_verify", "--checkpoint", str(checkpoint_file))
    assert "reaches 1 checkpoint" in capsys.readouterr().out

    # Remove the newest rows, the checkpointed one among them: the rest of the
    # chain is still a perfect chain, so only the checkpoint can tell.
    _tamper("DELETE FROM core_auditevent WHERE id >= %s", [head.id])
    assert audit_verify_chain().ok
    result = audit_verify_chain(checkpoints=[Checkpoint.from_json(checkpoint_file.read_text())])
    assert (result.ok, result.broken_id, result.reason) == (False, head.id, "checkpoint")
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify", "--checkpoint", str(checkpoint_file))
    assert exit_info.value.code == 1
    assert f"no longer reaches the checkpoint at audit event #{head.id}" in capsys.readouterr().out


def test_a_forged_checkpoint_is_refused(network, tmp_path):
    _record(network, 2)
    real = audit_checkpoint()
    forged = Checkpoint(id=real.id, hash=real.hash, mac="0" * 64)
    assert audit_verify_chain(checkpoints=[forged]).reason == "checkpoint_mac"
    assert audit_verify_chain(checkpoints=[real]).ok


def test_a_checkpoint_of_an_empty_log_verifies(db):
    empty = audit_checkpoint()
    assert (empty.id, empty.hash) == (0, GENESIS_HASH)
    assert audit_verify_chain(checkpoints=[empty]).ok


def test_a_file_that_is_not_a_checkpoint_is_a_clear_error(db, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("hello\n")
    with pytest.raises(CommandError, match="not an audit checkpoint"):
        call_command("audit_verify", "--checkpoint", str(bad))
