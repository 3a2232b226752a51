"""The current request's who/where, for the audit log.

Set by ``RequestContextMiddleware`` for the length of one request (a
``ContextVar``, so nothing is shared between requests, threads or tasks).
"""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequestContext:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    ip_address: str | None = None


_current: ContextVar[RequestContext | None] = ContextVar("parcours_request", default=None)


def current() -> RequestContext | None:
    return _current.get()


def activate(ctx: RequestContext) -> object:
    return _current.set(ctx)


def deactivate(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
