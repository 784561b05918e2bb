"""The dashboard's charts as markup: the heatmap's cells, the forecast's bars, the coverage bars.

A chart is a hundred small SVG elements, each with a few numbers and a date. Written as
template loops they were most of the dashboard's rendering time (each number localised,
each date formatted through the translation machinery); here each element is one
``format_html`` call. Dates use English names like the rest of the site (it has no other
language) and the same formats the template used (``D j M``, ``l j F Y``...).
"""

from datetime import date

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from accounts.review_selectors import Forecast
from accounts.selectors import CoverageBar, Heatmap

register = template.Library()


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


def short_day(day: date) -> str:
    """``Mon 3 Mar`` (Django's ``D j M``)."""
    return f"{day:%a} {day.day} {day:%b}"


def long_day(day: date) -> str:
    """``Monday 3 March`` (Django's ``l j F``)."""
    return f"{day:%A} {day.day} {day:%B}"


@register.simple_tag
def heatmap_cells(heatmap: Heatmap) -> SafeString:
    size = heatmap.cell_size
    return format_html_join(
        "",
        '<rect class="heat-{}" x="{}" y="{}" width="{}" height="{}" rx="2"><title>{}: {} rating{}</title></rect>',
        (
            (cell.level, cell.x, cell.y, size, size, short_day(cell.day), cell.count, _plural(cell.count))
            for cell in heatmap.cells
        ),
    )


@register.simple_tag
def heatmap_list_items(heatmap: Heatmap) -> SafeString:
    return format_html_join(
        "",
        "<li>{} {}: {} rating{}</li>",
        ((long_day(cell.day), cell.day.year, cell.count, _plural(cell.count)) for cell in heatmap.active_cells),
    )


@register.simple_tag
def forecast_bars(forecast: Forecast) -> SafeString:
    return format_html_join(
        "",
        '<rect class="forecast-bar" x="{}" y="{}" width="{}" height="{}"><title>{}: {} due</title></rect>'
        '<text class="forecast-label" x="{}" y="{}" dy="-4">{}</text>',
        (
            (
                *(entry.x, entry.y, forecast.bar_width, entry.height, short_day(entry.day), entry.count),
                *(entry.x, forecast.height, entry.day.day),
            )
            for entry in forecast.days
        ),
    )


@register.simple_tag
def forecast_rows(forecast: Forecast) -> SafeString:
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th><td>{}</td></tr>',
        ((long_day(entry.day), entry.count) for entry in forecast.days),
    )


@register.simple_tag
def coverage_bar_rows(bars: list[CoverageBar]) -> SafeString:
    return format_html_join(
        "",
        '\n    <div class="bar-row">\n      <dt>{}</dt>\n      <dd><progress max="{}" value="{}" '
        'aria-label="{}: {} of {} practised"></progress> <span class="bar-figure">{} / {}</span></dd>\n    </div>',
        ((bar.label, bar.total, bar.done, bar.label, bar.done, bar.total, bar.done, bar.total) for bar in bars),
    )
