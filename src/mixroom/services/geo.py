"""The map of sites and institutions: a world drawn from TopoJSON, points clustered to a grid.

Nothing is fetched: the land comes from the vendored ``world-atlas`` TopoJSON (Natural Earth,
1:110m), decoded here and projected with the Equal Earth projection (Šavrič, Patterson and
Jenny, 2018) into an SVG path once per process. Institutions are many (36,000 in the demo), so
they are never drawn one by one at world scale: they are grouped into cells of a fixed size on
screen, and a cell of many is a link that zooms in on it. Sites are few and always drawn.
"""

from __future__ import annotations

import bisect
import math
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mixroom.models import Edition, Institution, Site
from mixroom.models.sites import site_institutions
from mixroom.services.actors import Actor
from mixroom.services.sites import SITES

# Equal Earth's constants and the extent of its plane (x in ±X_MAX, y in ±Y_MAX)
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
X_MAX = 2 * math.sqrt(3) * math.pi / (3 * A1)  # the equator's half-length
Y_MAX = 1.3173627  # the pole's y
#: the map's width in SVG units; its height follows from the projection
WIDTH = 1000.0
SCALE = WIDTH / (2 * X_MAX)
HEIGHT = 2 * Y_MAX * SCALE
ZOOMS = (1, 2, 4, 8, 16, 32, 64)
#: the side of a cluster cell, in SVG units at zoom 1 (about 3 % of the map's width)
CELL = 28.0


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """Degrees to the map's SVG coordinates (x right, y down), Equal Earth."""
    lam = math.radians(max(-180.0, min(180.0, longitude)))
    theta = math.asin(M * math.sin(math.radians(max(-90.0, min(90.0, latitude)))))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        2
        * math.sqrt(3)
        * lam
        * math.cos(theta)
        / (3 * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    )
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return (X_MAX + x) * SCALE, (Y_MAX - y) * SCALE


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs as lists of (longitude, latitude), undoing quantisation and deltas."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for step_x, step_y, *_ in arc:
            x, y = x + step_x, y + step_y
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def ring(arcs: Sequence[Sequence[tuple[float, float]]], indexes: Iterable[int]) -> list[Any]:
    """A closed ring from arc indexes; ``~i`` (a negative index) is arc ``i`` reversed."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def polygons(topology: dict[str, Any], name: str) -> Iterable[list[list[tuple[float, float]]]]:
    """Every polygon (a list of rings) of the named object of a topology."""
    arcs = decode_arcs(topology)
    obj = topology["objects"][name]
    geometries = obj["geometries"] if obj["type"] == "GeometryCollection" else [obj]
    for geometry in geometries:
        if geometry["type"] == "Polygon":
            yield [ring(arcs, indexes) for indexes in geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            for polygon in geometry["arcs"]:
                yield [ring(arcs, indexes) for indexes in polygon]


def unwrap(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous across the antimeridian (then clamped to ±180 by ``project``).

    Natural Earth rings that cross the antimeridian jump from +180 to -180; drawn flat, such a
    jump becomes a line across the whole map. Kept continuous, and shifted by a whole turn so
    that most of the ring lies on the map, the far side folds onto the map's edge.
    """
    offset = 0.0
    last: float | None = None
    unwrapped: list[tuple[float, float]] = []
    for longitude, latitude in points:
        if last is not None:
            if longitude + offset - last > 180:
                offset -= 360
            elif longitude + offset - last < -180:
                offset += 360
        last = longitude + offset
        unwrapped.append((last, latitude))
    shift = max(
        (0.0, 360.0, -360.0),
        key=lambda turn: sum(-180 <= longitude + turn <= 180 for longitude, _ in unwrapped),
    )
    return [(longitude + shift, latitude) for longitude, latitude in unwrapped]


def svg_path(topology: dict[str, Any], name: str) -> str:
    """The named object as one SVG path ``d``, projected, rounded to 0.1 unit, no repeats."""
    parts: list[str] = []
    for polygon in polygons(topology, name):
        for points in polygon:
            previous = None
            commands: list[str] = []
            for longitude, latitude in unwrap(points):
                x, y = project(longitude, latitude)
                here = f"{x:.1f} {y:.1f}"
                if here != previous:
                    commands.append(here)
                    previous = here
            if len(commands) > 2:
                parts.append("M" + "L".join(commands) + "Z")
    return "".join(parts)


@dataclass(frozen=True)
class Viewport:
    """What part of the map is shown: a centre in SVG units and a zoom factor."""

    x: float = WIDTH / 2
    y: float = HEIGHT / 2
    zoom: int = 1

    @classmethod
    def around(cls, longitude: float | None, latitude: float | None, zoom: int) -> Viewport:
        zoom = min(ZOOMS, key=lambda known: abs(known - zoom))
        if longitude is None or latitude is None or zoom == 1:
            return cls(zoom=zoom)
        x, y = project(longitude, latitude)
        half_w, half_h = WIDTH / zoom / 2, HEIGHT / zoom / 2
        return cls(
            x=min(max(x, half_w), WIDTH - half_w), y=min(max(y, half_h), HEIGHT - half_h), zoom=zoom
        )

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(left, top, width, height) in SVG units: the ``viewBox``."""
        width, height = WIDTH / self.zoom, HEIGHT / self.zoom
        return self.x - width / 2, self.y - height / 2, width, height

    def contains(self, x: float, y: float) -> bool:
        left, top, width, height = self.box
        return left <= x <= left + width and top <= y <= top + height


def unproject_latitude(y: float) -> float:
    """The latitude of a row of the map (Equal Earth's y depends on latitude only)."""
    target = Y_MAX - y / SCALE
    theta = target / A1
    for _ in range(12):  # Newton's method, as the projection's authors do
        t2 = theta * theta
        t6 = t2 * t2 * t2
        f = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2)) - target
        derivative = A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)
        theta -= f / derivative
    return math.degrees(math.asin(max(-1.0, min(1.0, math.sin(theta) / M))))


def unproject(x: float, y: float) -> tuple[float, float]:
    """(longitude, latitude) of a point of the map."""
    latitude = unproject_latitude(y)
    theta = math.asin(M * math.sin(math.radians(latitude)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    factor = (
        2 * math.sqrt(3) * math.cos(theta) / (3 * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    )
    longitude = math.degrees((x / SCALE - X_MAX) / factor) if factor else 0.0
    return longitude, latitude


@dataclass
class MapSite:
    id: int
    name: str
    place: str
    edition: str
    x: float
    y: float


@dataclass
class Cluster:
    """Institutions in one cell: one institution is itself, several are a place to zoom in on."""

    count: int
    x: float
    y: float
    longitude: float
    latitude: float
    #: the commonest "city, country" of the cell
    place: str
    #: the institution itself when the cell holds one
    institution_id: int | None = None
    name: str | None = None
    country: str | None = None


@dataclass
class MapView:
    viewport: Viewport
    sites: list[MapSite]
    clusters: list[Cluster]
    institutions: int
    #: sites without coordinates, listed but not drawn
    unplaced_sites: int


def _site_rows(session: Session, actor: Actor) -> list[tuple[Site, float | None, float | None]]:
    """Sites the actor may see, each with its own coordinates or its institutions' mean."""
    held = (
        select(
            site_institutions.c.site_id,
            func.avg(Institution.latitude).label("latitude"),
            func.avg(Institution.longitude).label("longitude"),
        )
        .join(Institution, Institution.id == site_institutions.c.institution_id)
        .where(Institution.latitude.is_not(None), Institution.longitude.is_not(None))
        .group_by(site_institutions.c.site_id)
        .subquery()
    )
    query = select(Site, held.c.latitude, held.c.longitude).outerjoin(
        held, held.c.site_id == Site.id
    )
    restriction = SITES.visible_to(actor)
    if restriction is not None:
        query = query.where(restriction)
    rows = session.execute(query.order_by(Site.id))
    return [
        (
            site,
            site.latitude if site.latitude is not None else latitude,
            site.longitude if site.longitude is not None else longitude,
        )
        for site, latitude, longitude in rows
    ]


def get_map_view(session: Session, actor: Actor, viewport: Viewport) -> MapView:
    """The sites and the clustered institutions inside ``viewport``."""
    editions: dict[int, str] = {
        edition_id: name for edition_id, name in session.execute(select(Edition.id, Edition.name))
    }
    sites, unplaced = [], 0
    for site, latitude, longitude in _site_rows(session, actor):
        if latitude is None or longitude is None:
            unplaced += 1
            continue
        x, y = project(longitude, latitude)
        if viewport.contains(x, y):
            place = ", ".join(part for part in (site.city, site.country) if part)
            sites.append(
                MapSite(site.id, site.name, place, editions.get(site.edition_id, ""), x, y)
            )
    clusters, total = _clusters(session, viewport)
    return MapView(viewport, sites, clusters, total, unplaced)


#: (y, x, id, city, country) of an institution on the map
Point = tuple[float, float, int, str | None, str | None]
#: seconds during which an unchanged number and last id of institutions are taken to mean an
#: unchanged map; after that the last update is read too (a scan of the table)
STATE_TTL = 5.0


@dataclass
class _Projection:
    quick: tuple[Any, ...]
    state: tuple[Any, ...]
    checked: float
    points: list[Point]


#: one entry per process: the store's projected institutions
_projected: dict[str, _Projection] = {}


def projected_institutions(session: Session) -> tuple[tuple[Any, ...], list[Point]]:
    """Every placed institution projected, sorted by y, with the state they were read in.

    Projecting 36,000 points takes a fifth of a second of pure Python, so the points are kept
    per process. Every call compares the institutions' number and the id and creation time of
    the last one (index reads); every ``STATE_TTL`` seconds it also compares their last update,
    which needs a scan: an added or removed institution shows at once, a moved one within
    seconds.
    """
    store = str(session.get_bind().engine.url)
    last = session.execute(
        select(Institution.id, Institution.created_at).order_by(Institution.id.desc()).limit(1)
    ).one_or_none()
    quick = (session.scalar(select(func.count()).select_from(Institution)), *(last or ()))
    cached = _projected.get(store)
    now = time.monotonic()
    if cached is not None and cached.quick == quick and now - cached.checked < STATE_TTL:
        return cached.state, cached.points
    state = (*quick, session.scalar(select(func.max(Institution.updated_at))))
    if cached is not None and cached.state == state:
        cached.checked = now
        return cached.state, cached.points
    rows = session.execute(
        select(
            Institution.latitude,
            Institution.longitude,
            Institution.id,
            Institution.city,
            Institution.country,
        ).where(Institution.latitude.is_not(None), Institution.longitude.is_not(None))
    )
    points: list[Point] = []
    for latitude, longitude, institution_id, city, country in rows:
        if latitude is None or longitude is None:  # excluded by the query; for the type checker
            continue
        x, y = project(longitude, latitude)
        points.append((y, x, institution_id, city, country))
    points.sort()
    _projected.clear()  # one store per process is the rule; tests make many
    _projected[store] = _Projection(quick, state, now, points)
    return state, points


#: clusters per (store, state of the institutions, viewport): a map view is the same until
#: an institution changes, and readers mostly look at the same few views
_clustered: dict[tuple[Any, ...], tuple[list[Cluster], int]] = {}
CLUSTER_CACHE = 256


def _clusters(session: Session, viewport: Viewport) -> tuple[list[Cluster], int]:
    state, points = projected_institutions(session)
    key = (str(session.get_bind().engine.url), state, viewport)
    found = _clustered.get(key)
    if found is None:
        if len(_clustered) >= CLUSTER_CACHE:
            _clustered.clear()
        found = _clustered[key] = _cluster_points(session, points, viewport)
    return found


def _cluster_points(
    session: Session, points: list[Point], viewport: Viewport
) -> tuple[list[Cluster], int]:
    left, top, width, height = viewport.box
    right, bottom = left + width, top + height
    first = bisect.bisect_left(points, (top,))
    last = bisect.bisect_right(points, (bottom, math.inf))
    size = CELL / viewport.zoom
    cells: dict[tuple[int, int], list[Point]] = {}
    for point in points[first:last]:
        if left <= point[1] <= right:
            key = (int((point[1] - left) // size), int((point[0] - top) // size))
            cells.setdefault(key, []).append(point)
    clusters = [_cluster(members) for _, members in sorted(cells.items())]
    singles = {c.institution_id: c for c in clusters if c.institution_id is not None}
    if singles:  # names only for the institutions drawn one by one
        names = session.execute(
            select(Institution.id, Institution.name).where(Institution.id.in_(singles))
        )
        for institution_id, name in names:
            singles[institution_id].name = name
    return clusters, sum(cluster.count for cluster in clusters)


def _cluster(members: list[Point]) -> Cluster:
    count = len(members)
    y = sum(member[0] for member in members) / count
    x = sum(member[1] for member in members) / count
    longitude, latitude = unproject(x, y)
    (city, country), _ = Counter((member[3], member[4]) for member in members).most_common(1)[0]
    countries = {member[4] for member in members}
    return Cluster(
        count,
        x,
        y,
        longitude,
        latitude,
        place=", ".join(part for part in (city, country) if part),
        institution_id=members[0][2] if count == 1 else None,
        country=countries.pop() if len(countries) == 1 else None,
    )
