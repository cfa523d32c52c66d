"""The map of sites and institutions: server-drawn SVG on a vendored world, no tile server."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from mixroom.services.geo import (
    HEIGHT,
    WIDTH,
    ZOOMS,
    Cluster,
    Viewport,
    get_map_view,
    svg_path,
    unproject,
)
from mixroom.web.deps import CurrentActor, SessionDep
from mixroom.web.pages.rendering import render
from mixroom.web.templating import STATIC

router = APIRouter()
LAND = STATIC / "vendor" / "world-atlas" / "land-110m.json"


@cache
def land_path() -> Markup:
    """The projected land, computed once per process (about 0.1 s); only numbers and the
    letters M, L and Z, so the template need not escape its 60 kB on every request."""
    return Markup(svg_path(json.loads(LAND.read_text(encoding="utf-8")), "land"))


def zoom_link(longitude: float | None, latitude: float | None, zoom: int) -> str:
    if zoom <= 1 or longitude is None or latitude is None:
        return "/map"
    return "/map?" + urlencode({"lon": f"{longitude:.3f}", "lat": f"{latitude:.3f}", "zoom": zoom})


@dataclass
class Mark:
    """A cluster as drawn and listed: where it leads, what it is called, how big it is."""

    href: str
    name: str
    count: int
    place: str
    x: float
    y: float
    #: the marker's diameter at zoom 1, in map units
    size: float
    single: bool


def mark(cluster: Cluster, viewport: Viewport) -> Mark:
    # a diameter in map units (about pixels on a desktop) that stays the same on screen at
    # every zoom and grows with the logarithm of the count
    diameter = min(8 + 3 * math.log2(cluster.count), 28)
    deeper = [zoom for zoom in ZOOMS if zoom > viewport.zoom]
    if cluster.institution_id is not None:
        href, name = f"/institutions/{cluster.institution_id}", cluster.name or ""
    elif deeper:
        # two steps in at once when possible: one step rarely splits a big cluster
        target = deeper[1] if len(deeper) > 1 else deeper[0]
        href, name = zoom_link(cluster.longitude, cluster.latitude, target), ""
    else:
        href = "/institutions?" + urlencode({"country": cluster.country or ""})
        name = ""
    return Mark(
        href, name, cluster.count, cluster.place, cluster.x, cluster.y, diameter, cluster.count == 1
    )


@router.get("/map", response_class=HTMLResponse, name="map")
def show_map(
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
    lon: float | None = None,
    lat: float | None = None,
    zoom: int = 1,
) -> HTMLResponse:
    viewport = Viewport.around(lon, lat, zoom)
    view = get_map_view(session, actor, viewport)
    shallower = max((z for z in ZOOMS if z < viewport.zoom), default=1)
    context = {
        "view": view,
        "marks": [mark(cluster, viewport) for cluster in view.clusters],
        "land": land_path(),
        "width": WIDTH,
        "height": HEIGHT,
        "zoom_out": zoom_link(*unproject(viewport.x, viewport.y), shallower),
    }
    return render(request, "map/index.html", context, actor)
