"""Charts of the report pages: SVG drawn on the server by pygal, no JavaScript.

A report page calls ``line_chart`` or ``bar_chart`` with its figures and
shows the ``Chart`` with ``reports/_chart.html``: the picture, a one-sentence
summary and the chart's data as a table, so that every chart reads without
seeing it.

The SVG is accessible (``role="img"``, a ``<title>`` and a ``<desc>`` named
by ``aria-labelledby``) and carries no ``<script>`` and no ``<style>``:
pygal's configuration script and inline style sheet are removed, and the
chart is coloured by classes of ``static/parcours/parcours.css`` (``.chart``),
so the page's Content-Security-Policy (scripts from Parcours only) holds.
Numbers and months are written in the active language (French: « 12,5 »,
« janv. 2026 »)."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pygal
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from pygal.etree import etree
from pygal.style import Style

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 800
HEIGHT = 360

Number = int | float

# The same context and words as Django's own abbreviations (``N``), so that
# Django's catalogue answers until Parcours's has them.
_MONTHS = (
    # Translators: abbreviated month on a chart's axis; French « janv. ».
    pgettext_lazy("abbrev. month", "Jan."),
    # Translators: French « févr. ».
    pgettext_lazy("abbrev. month", "Feb."),
    # Translators: French « mars ».
    pgettext_lazy("abbrev. month", "March"),
    # Translators: French « avr. ».
    pgettext_lazy("abbrev. month", "April"),
    # Translators: French « mai ».
    pgettext_lazy("abbrev. month", "May"),
    # Translators: French « juin ».
    pgettext_lazy("abbrev. month", "June"),
    # Translators: French « juil. ».
    pgettext_lazy("abbrev. month", "July"),
    # Translators: French « août ».
    pgettext_lazy("abbrev. month", "Aug."),
    # Translators: French « sept. ».
    pgettext_lazy("abbrev. month", "Sept."),
    # Translators: French « oct. ».
    pgettext_lazy("abbrev. month", "Oct."),
    # Translators: French « nov. ».
    pgettext_lazy("abbrev. month", "Nov."),
    # Translators: French « déc. ».
    pgettext_lazy("abbrev. month", "Dec."),
)


@dataclass(frozen=True)
class Series:
    """One line, or one colour of bars: a label and a value per x label (None: no value)."""

    label: str
    values: Sequence[Number | None]


@dataclass(frozen=True)
class TableRow:
    label: str
    values: tuple[Number | None, ...]


@dataclass(frozen=True)
class Table:
    """The chart's data: one row per x label, one column per series."""

    headers: list[str]
    rows: list[TableRow]


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    svg: SafeString
    table: Table
    summary: str
    series: list[Series] = field(default_factory=list)


def month_label(month: dt.date) -> str:
    """« janv. 2026 » / "Jan. 2026": a month on a chart's axis."""
    return f"{_MONTHS[month.month - 1]} {month.year}"


def month_name(month: dt.date) -> str:
    """« janvier 2026 » / "January 2026": a month in a sentence."""
    return formats.date_format(month, "F Y")


def format_number(value: Number | None) -> str:
    """A number as the active language writes it (« 12,5 », "12.5"); — for none."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        value = round(value, 2)
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def format_change(before: Number, after: Number) -> str:
    """The relative change « −13 % » / "−13%" (a true minus sign); "" from zero."""
    if not before:
        return ""
    percent = round(100 * (after - before) / before)
    sign = "+" if percent > 0 else ("\u2212" if percent < 0 else "")
    # Translators: a percentage; French puts a non-breaking space before % (« 13 % »).
    return sign + pgettext("percent", "%(n)s%%") % {"n": format_number(abs(percent))}


def change_summary(label: str, first: Number, first_when: str, last: Number, last_when: str) -> str:
    """ "Actively homeless went from 120 in January 2026 to 104 in December 2026 (−13%)." """
    values = {
        "series": label,
        "first": format_number(first),
        "start": first_when,
        "last": format_number(last),
        "end": last_when,
        "change": format_change(first, last),
    }
    if first == last:
        return _("%(series)s stayed at %(first)s from %(start)s to %(end)s.") % values
    if not values["change"]:
        return _("%(series)s went from %(first)s in %(start)s to %(last)s in %(end)s.") % values
    # Translators: e.g. "Actively homeless went from 120 in January 2026 to 104 in
    # December 2026 (−13%)."; French « … est passé de 120 en janvier 2026 à 104 en
    # décembre 2026 (−13 %). »
    return (
        _("%(series)s went from %(first)s in %(start)s to %(last)s in %(end)s (%(change)s).")
        % values
    )


def _ticks(values: list[Number], top: Number | None) -> list[Number]:
    """Round ticks from zero to the largest value (or ``top``): 1, 2 or 5 × 10ⁿ apart."""
    highest = max([top or 0, *values, 0])
    if highest <= 0:
        return [0, 1]
    raw = highest / 5
    if raw <= 1 and float(highest).is_integer():
        step: float = 1
    else:
        power = 10 ** math.floor(math.log10(raw))
        step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    count = math.ceil(highest / step)
    return [int(i * step) if float(i * step).is_integer() else i * step for i in range(count + 1)]


def _style() -> Style:
    # Colours come from parcours.css (.chart .color-N); the style only sets
    # what pygal writes as attributes.
    return Style(background="transparent", plot_background="transparent")


def _clean(root: Any, chart_id: str, title: str, summary: str) -> Any:
    """pygal's tree made fit for our pages: no script, no style sheet, no
    tooltip layer (it needs the script), no ids that would repeat on a page,
    and the accessible name and description."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            local = tag.rsplit("}", 1)[-1]
            # Comments (no str tag), the script, the style sheet, the tooltips.
            tooltips = "tooltip-overlay" in (child.get("class") or "")
            if not tag or local in ("script", "style") or tooltips:
                parent.remove(child)
    for element in root.iter():
        if element is not root and element.get("id"):
            del element.attrib["id"]
    root.set("id", f"{chart_id}-svg")
    root.set("class", "pygal-chart")
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    root.set("focusable", "false")
    title_element = next(
        (e for e in root if isinstance(e.tag, str) and e.tag.rsplit("}", 1)[-1] == "title"),
        None,
    )
    if title_element is None:
        title_element = etree.SubElement(root, "title")
    title_element.text = title
    title_element.set("id", f"{chart_id}-title")
    desc = etree.Element("desc", {"id": f"{chart_id}-desc"})
    desc.text = summary
    root.insert(list(root).index(title_element) + 1, desc)
    return root


def _render(
    chart_class: type[Any],
    *,
    chart_id: str,
    title: str,
    x_labels: list[str],
    series: list[Series],
    summary: str,
    top: Number | None,
    **options: Any,
) -> SafeString:
    numbers = [v for s in series for v in s.values if v is not None]
    if options.get("stacked_totals"):
        options.pop("stacked_totals")
        numbers = [sum(s.values[i] or 0 for s in series) for i in range(len(x_labels))] or numbers
    if numbers and x_labels:
        ticks = _ticks(numbers, top)
        options.update(y_labels=ticks, range=(0, ticks[-1]))
    chart = chart_class(
        disable_xml_declaration=True,
        js=[],
        css=[],
        style=_style(),
        width=WIDTH,
        height=HEIGHT,
        title=None,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 4) or 1,
        x_label_rotation=30 if len(x_labels) > 8 else 0,
        truncate_label=-1,
        truncate_legend=-1,
        value_formatter=format_number,
        no_data_text=_("No data"),
        margin=12,
        **options,
    )
    chart.x_labels = x_labels
    for s in series:
        chart.add(s.label, list(s.values))
    chart.add_xml_filter(lambda root: _clean(root, chart_id, title, summary))
    svg: str = chart.render(is_unicode=True)
    # pygal writes the tree with ElementTree, which escapes every text and attribute.
    return mark_safe(svg)  # nosec B308 B703


def _table(x_header: str, x_labels: list[str], series: list[Series]) -> Table:
    rows = [
        TableRow(label, tuple(s.values[i] if i < len(s.values) else None for s in series))
        for i, label in enumerate(x_labels)
    ]
    return Table(headers=[x_header, *[s.label for s in series]], rows=rows)


def _chart_id(chart_id: str | None) -> str:
    return chart_id or f"chart-{uuid.uuid4().hex[:8]}"


def line_chart(
    title: str,
    x_labels: list[str],
    series: list[Series],
    *,
    chart_id: str | None = None,
    x_header: str = "",
    summary: str | None = None,
    long_labels: list[str] | None = None,
) -> Chart:
    """A line per series over ``x_labels`` (months, oldest first). The summary,
    unless given, tells how the first series changed from the first label to
    the last (``long_labels`` name them in the sentence: « janvier 2026 »)."""
    chart_id = _chart_id(chart_id)
    if summary is None:
        summary = _line_summary(x_labels, series, long_labels or x_labels)
    svg = _render(
        pygal.Line,
        chart_id=chart_id,
        title=title,
        x_labels=x_labels,
        series=series,
        summary=summary,
        top=None,
        show_dots=True,
        dots_size=3,
        allow_interruptions=True,
    )
    return Chart(chart_id, title, svg, _table(x_header, x_labels, series), summary, series)


def bar_chart(
    title: str,
    x_labels: list[str],
    series: list[Series],
    *,
    stacked: bool = False,
    chart_id: str | None = None,
    x_header: str = "",
    summary: str | None = None,
    top: Number | None = None,
) -> Chart:
    """Bars per x label, one colour per series, side by side (grouped) or
    ``stacked``. ``top`` fixes the scale's end (ratings: 5). The summary, unless
    given, names the highest bar."""
    chart_id = _chart_id(chart_id)
    if summary is None:
        summary = _bar_summary(x_labels, series)
    svg = _render(
        pygal.StackedBar if stacked else pygal.Bar,
        chart_id=chart_id,
        title=title,
        x_labels=x_labels,
        series=series,
        summary=summary,
        top=top,
        stacked_totals=stacked,
    )
    return Chart(chart_id, title, svg, _table(x_header, x_labels, series), summary, series)


def _line_summary(x_labels: list[str], series: list[Series], names: list[str]) -> str:
    if not series:
        return _("No data.")
    first = series[0]
    points = [(i, v) for i, v in enumerate(first.values) if v is not None and i < len(names)]
    if not points:
        return _("No data.")
    (i, a), (j, b) = points[0], points[-1]
    if i == j:
        return _("%(series)s: %(value)s in %(when)s.") % {
            "series": first.label,
            "value": format_number(a),
            "when": names[i],
        }
    return change_summary(first.label, a, names[i], b, names[j])


def _bar_summary(x_labels: list[str], series: list[Series]) -> str:
    best: tuple[Number, str, str] | None = None
    for s in series:
        for label, value in zip(x_labels, s.values, strict=False):
            if value is not None and (best is None or value > best[0]):
                best = (value, label, s.label)
    if best is None:
        return _("No data.")
    value, label, name = best
    if len(series) == 1:
        return _("The highest figure is %(label)s, with %(value)s.") % {
            "label": label,
            "value": format_number(value),
        }
    return _("The highest figure is %(series)s for %(label)s, with %(value)s.") % {
        "series": name,
        "label": label,
        "value": format_number(value),
    }
