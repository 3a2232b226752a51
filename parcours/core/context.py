"""The current request's who/where, for the audit log, and its memo.

Set by ``RequestContextMiddleware`` for the length of one request (a
``ContextVar``, so nothing is shared between requests, threads or tasks).

The memo keeps, for one safe request (GET or HEAD: nothing it does changes
who may see what), facts several parts of a page ask the database for —
whether the user is a privacy reviewer, the records lock-boxed from their
organization. It dies with the request; outside one (a task, a shell, a
test calling a selector) there is no memo and every call reads afresh.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class RequestContext:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    ip_address: str | None = None
    # None on an unsafe request (POST…): what it writes may change the facts.
    memo: dict[Any, Any] | None = field(default=None, compare=False, repr=False)


_current: ContextVar[RequestContext | None] = ContextVar("parcours_request", default=None)


def current() -> RequestContext | None:
    return _current.get()


def activate(ctx: RequestContext) -> object:
    return _current.set(ctx)


def deactivate(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


def remembered(key: Any, compute: Callable[[], T]) -> T:
    """``compute()``, worked out once per safe request for ``key`` (which
    must name everything the answer depends on: user, organization…)."""
    ctx = _current.get()
    if ctx is None or ctx.memo is None:
        return compute()
    if key not in ctx.memo:
        ctx.memo[key] = compute()
    value: T = ctx.memo[key]
    return value


def has_memo() -> bool:
    ctx = _current.get()
    return ctx is not None and ctx.memo is not None
