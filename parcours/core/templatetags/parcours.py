from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from parcours.core import audit_labels, client_file
from parcours.core.models import AuditEvent
from parcours.core.text import elide, quoted

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination
    and sorting links that keep the current filters)."""
    request: HttpRequest = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter(name="elide", is_safe=True)
def elide_filter(value: str) -> str:
    """``{% filter elide %}{% blocktranslate %}Plan of {{ name }}{% endblocktranslate %}{% endfilter %}``
    reads « Plan d'Elijah » in French."""
    return elide(str(value))


@register.filter(name="quoted")
def quoted_filter(value: object) -> str:
    """``{{ goal.statement|quoted }}``: « … » on French pages, “…” on English
    ones (escaped as any value; the quotes are plain text)."""
    return quoted(str(value))


@register.filter(name="audit_description")
def audit_description_filter(event: AuditEvent) -> str:
    """An audit event in words, in the reader's language (``core.audit_labels``)."""
    return audit_labels.describe(event)


@register.filter(name="audit_search_terms")
def audit_search_terms_filter(event: AuditEvent) -> str:
    return audit_labels.search_terms(event)


@register.filter(name="audit_what")
def audit_what_filter(event: AuditEvent) -> str:
    return audit_labels.what(event)


@register.simple_tag(name="client_file_url")
def client_file_url_tag(client_id: object, section: str = "") -> str:
    """``{% client_file_url client.pk "housing" %}``: the file on the tab that
    shows that section (see ``parcours.core.client_file``)."""
    return client_file.client_file_url(client_id, section)
