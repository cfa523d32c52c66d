"""The map's geometry (literal inputs, exact outputs) and its clusters on both stores."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from factories import make_institution, make_site
from mixroom.models import Institution
from mixroom.services import geo
from mixroom.services.actors import PUBLIC
from mixroom.services.geo import (
    HEIGHT,
    WIDTH,
    Viewport,
    decode_arcs,
    get_map_view,
    project,
    ring,
    svg_path,
    unproject,
    unwrap,
)


def test_equal_earth_spans_the_map() -> None:
    assert project(0, 0) == pytest.approx((WIDTH / 2, HEIGHT / 2))
    assert project(180, 0) == pytest.approx((WIDTH, HEIGHT / 2), abs=0.01)
    assert project(-180, 0) == pytest.approx((0, HEIGHT / 2), abs=0.01)
    assert project(0, 90)[1] == pytest.approx(0, abs=0.01)
    assert project(0, -90)[1] == pytest.approx(HEIGHT, abs=0.01)
    # equal area: the meridians bend, so the pole line is shorter than the equator
    assert project(180, 90)[0] - project(-180, 90)[0] < 0.6 * WIDTH


@pytest.mark.parametrize(("lon", "lat"), [(4.8183, 45.7327), (-77.02, 38.9), (151.2, -33.9)])
def test_unproject_inverts_project(lon: float, lat: float) -> None:
    assert unproject(*project(lon, lat)) == pytest.approx((lon, lat), abs=1e-6)


TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [-10, 20]},
    "arcs": [[[0, 0], [20, 0], [0, 40]], [[20, 40], [-20, 0], [0, -40]]],
    "objects": {
        "land": {
            "type": "GeometryCollection",
            "geometries": [{"type": "Polygon", "arcs": [[0, 1]]}],
        }
    },
}


def test_topojson_arcs_are_dequantised_and_delta_decoded() -> None:
    arcs = decode_arcs(TOPOLOGY)
    assert arcs == [
        [(-10.0, 20.0), (0.0, 20.0), (0.0, 30.0)],
        [(0.0, 30.0), (-10.0, 30.0), (-10.0, 20.0)],
    ]
    assert ring(arcs, [0, 1]) == [(-10, 20), (0, 20), (0, 30), (-10, 30), (-10, 20)]
    assert ring(arcs, [~1]) == [(-10, 20), (-10, 30), (0, 30)]


def test_a_polygon_becomes_one_closed_svg_path() -> None:
    path = svg_path(TOPOLOGY, "land")
    x, y = project(-10, 20)
    assert path.startswith(f"M{x:.1f} {y:.1f}L") and path.endswith("Z")
    assert path.count("M") == 1 and path.count("L") == 4


def test_a_ring_across_the_antimeridian_folds_onto_the_edge() -> None:
    # Chukotka-like: mostly east of 170°E, a tip beyond 180°
    assert unwrap([(170, 60), (179, 60), (-179, 65), (-175, 66), (179, 66), (170, 65)]) == [
        (170, 60),
        (179, 60),
        (181, 65),
        (185, 66),
        (179, 66),
        (170, 65),
    ]
    # starting on the small side does not push the whole ring off the map
    assert unwrap([(-179, 65), (170, 60), (175, 62)]) == [(181, 65), (170, 60), (175, 62)]


def test_institutions_cluster_and_sites_are_drawn(session: Session) -> None:
    session.execute(
        insert(Institution),
        [
            {
                "name": f"Museum {n}",
                "city": "Boston",
                "country": "US",
                "latitude": 42.36 + n * 1e-4,
                "longitude": -71.06,
            }
            for n in range(500)
        ],
    )
    lyon = make_institution(
        session, name="Confluences", city="Lyon", latitude=45.73, longitude=4.82
    )
    make_institution(session, name="Nowhere", latitude=None, longitude=None)
    site = make_site(session, name="Museomix Lyon", city="Lyon", country="FR")
    site.institutions = [lyon]
    make_site(session, name="Unplaced")
    session.flush()
    world = get_map_view(session, PUBLIC, Viewport())
    assert world.institutions == 501
    assert sorted((c.count, c.place) for c in world.clusters) == [
        (1, "Lyon, FR"),
        (500, "Boston, US"),
    ]
    (single,) = [c for c in world.clusters if c.count == 1]
    assert (single.institution_id, single.name) == (lyon.id, "Confluences")
    assert [(s.name, s.place) for s in world.sites] == [("Museomix Lyon", "Lyon, FR")]
    assert world.sites[0].x == pytest.approx(project(4.82, 45.73)[0])
    assert world.unplaced_sites == 1
    # zoomed in on Lyon, Boston is out of view
    zoomed = get_map_view(session, PUBLIC, Viewport.around(4.8, 45.7, 16))
    assert zoomed.institutions == 1 and [s.name for s in zoomed.sites] == ["Museomix Lyon"]


def test_the_number_of_clusters_is_bounded_by_the_grid(session: Session) -> None:
    session.execute(
        insert(Institution),
        [
            {
                "name": f"M{n}",
                "country": "US",
                "latitude": 25 + (n % 100) * 0.24,
                "longitude": -120 + (n // 100) * 0.5,
            }
            for n in range(10_000)
        ],
    )
    view = get_map_view(session, PUBLIC, Viewport())
    assert view.institutions == 10_000
    width, height = 2 * math.ceil(WIDTH / 28), 2 * math.ceil(HEIGHT / 28)
    assert sum(c.count for c in view.clusters) == 10_000
    assert len(view.clusters) < width * height / 10


def test_the_kept_projection_follows_changes(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    museum = make_institution(session, city="Lyon", latitude=45.73, longitude=4.82)
    lyon = Viewport.around(4.8, 45.7, 16)
    assert get_map_view(session, PUBLIC, lyon).institutions == 1
    make_institution(session, city="Lyon", latitude=45.76, longitude=4.84)  # added: seen at once
    assert get_map_view(session, PUBLIC, lyon).institutions == 2
    monkeypatch.setattr(geo, "STATE_TTL", 0.0)  # moved: seen once the last update is read
    museum.latitude, museum.longitude = 42.36, -71.06  # to Boston
    session.flush()
    assert get_map_view(session, PUBLIC, lyon).institutions == 1
