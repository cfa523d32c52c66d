"""The conversation explorer: the same filters and summary as ``GET /api/v1/posts`` and
``/api/v1/posts/conversation``, with the daily volume drawn server-side as SVG and the
collection gaps shaded on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from mixroom.schemas.posts import Conversation, GapOut, PostFilters
from mixroom.services.posts import get_conversation, get_filter_choices, list_posts
from mixroom.web.deps import CurrentActor, SessionDep
from mixroom.web.pages.rendering import list_filters, render

router = APIRouter()
WIDTH, HEIGHT = 720.0, 180.0
PAGE = 30
FILTERS = (
    "q",
    "platform",
    "language",
    "sentiment",
    "topic",
    "institution",
    "site",
    "edition",
    "since",
    "until",
    "hashtag",
)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: date
    posts: int


@dataclass(frozen=True)
class Shade:
    x: float
    width: float
    reason: str
    start: datetime | None
    end: datetime | None


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    gaps: list[Shade]
    first: date | None
    last: date | None
    peak: int


def draw(conversation: Conversation) -> Chart:
    """Bars for every day from the first to the last post (empty days included) and the gaps
    that fall in that span, in the chart's coordinates."""
    if not conversation.days:
        return Chart([], [], None, None, 0)
    counts = {entry.day: entry.posts for entry in conversation.days}
    first, last = min(counts), max(counts)
    span = (last - first).days + 1
    step = WIDTH / span
    peak = max(counts.values())
    bars = []
    for offset in range(span):
        day = first + timedelta(days=offset)
        height = HEIGHT * counts.get(day, 0) / peak
        bars.append(
            Bar(offset * step, HEIGHT - height, max(step - 1, 0.5), height, day, counts.get(day, 0))
        )
    shades = [s for s in (_shade(gap, first, span, step) for gap in conversation.gaps) if s]
    return Chart(bars, shades, first, last, peak)


def _shade(gap: GapOut, first: date, span: int, step: float) -> Shade | None:
    origin = datetime(first.year, first.month, first.day, tzinfo=UTC)

    def position(moment: datetime | None, default: float) -> float:
        if moment is None:
            return default
        days = (moment - origin).total_seconds() / 86400
        return min(max(days, 0.0), float(span)) * step

    left, right = position(gap.start, 0.0), position(gap.end, span * step)
    if right - left <= 0:
        return None
    return Shade(left, max(right - left, 2.0), gap.reason, gap.start, gap.end)


def _filters(request: Request) -> tuple[PostFilters, dict[str, str], str | None]:
    chosen = list_filters(request, FILTERS)
    try:
        return PostFilters.model_validate(chosen), chosen, None
    except ValidationError as error:
        fields = ", ".join(str(e["loc"][0]) for e in error.errors())
        return PostFilters(), {}, fields


def _options(session: SessionDep) -> dict[str, list[tuple[str, str]]]:
    """(value, text) pairs of the explorer's selects."""
    choices = get_filter_choices(session)
    return {
        "institution": [(str(i), name) for i, name in choices.institutions],
        "site": [(str(i), name) for i, name in choices.sites],
        "edition": [(str(i), name) for i, name in choices.editions],
        "topic": [(code, code) for code in choices.topics],
        "language": [(code, code) for code in choices.languages],
        "platform": [(name, name) for name in choices.platforms],
    }


@router.get("/conversation", response_class=HTMLResponse, name="conversation")
def conversation(request: Request, session: SessionDep, actor: CurrentActor) -> HTMLResponse:
    """What the public says: filters, daily volume with gaps, top values, pseudonymised posts."""
    filters, chosen, invalid = _filters(request)
    offset = max(int(request.query_params.get("offset", "0") or 0), 0)
    summary = get_conversation(session, filters)
    posts = list_posts(session, filters, limit=PAGE, offset=offset)
    more = offset + PAGE < posts.total
    context = {
        "summary": summary,
        "chart": draw(summary),
        "posts": posts,
        "filters": chosen,
        "invalid": invalid,
        "options": _options(session),
        "next_url": "/conversation?" + urlencode({**chosen, "offset": offset + PAGE})
        if more
        else None,
        "width": WIDTH,
        "height": HEIGHT,
    }
    return render(request, "conversation/index.html", context, actor)
