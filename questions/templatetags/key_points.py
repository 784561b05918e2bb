"""``{% key_points_report text key_points %}``: which key points a candidate's answer touched.

An inclusion tag so every page that shows a candidate's own answer (practice mode, mock
transcripts) renders the same block from the same pure match in
``questions/keypoints.py``; pass the key points already prefetched
(``Question.objects.with_key_points()``) and no query runs here.
"""

from django import template

from questions.keypoints import key_points_match

register = template.Library()


@register.inclusion_tag("questions/_key_points_report.html")
def key_points_report(text: str, key_points, level: int = 2) -> dict:
    """``level`` is the heading level of the block, so it nests under the page's own."""
    key_points = list(key_points)
    matches = key_points_match(text, key_points) if (text or "").strip() else []
    return {
        "key_points": key_points,
        "matches": matches,
        "answered": bool(matches),
        "hits": sum(match.hit for match in matches),
        "level": level,
    }
