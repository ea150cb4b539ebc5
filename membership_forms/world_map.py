"""The member directory's map, drawn by the site: an equirectangular projection of each
member city's latitude and longitude onto an SVG, over coarse land outlines drawn by hand
for this map (no map data or tiles from elsewhere). Latitudes between 80° north and 60° south
are shown; the outlines are decoration, the dots are the information (the page lists the same
cities as text)."""

WIDTH = 1000
NORTH, SOUTH = 80, -60
HEIGHT = round(WIDTH * (NORTH - SOUTH) / 360)

# (longitude, latitude) corners, coarse on purpose.
OUTLINES = [
    # North America
    [
        (-168, 66),
        (-140, 70),
        (-95, 72),
        (-80, 73),
        (-62, 60),
        (-55, 50),
        (-66, 44),
        (-76, 35),
        (-81, 25),
        (-97, 26),
        (-97, 19),
        (-87, 21),
        (-83, 10),
        (-78, 8),
        (-92, 15),
        (-105, 20),
        (-117, 32),
        (-124, 40),
        (-124, 48),
        (-135, 58),
        (-152, 58),
        (-165, 54),
    ],
    # Greenland
    [(-50, 80), (-22, 80), (-20, 70), (-43, 60), (-53, 66), (-60, 76)],
    # South America
    [
        (-78, 8),
        (-60, 10),
        (-50, 0),
        (-35, -7),
        (-40, -22),
        (-48, -28),
        (-58, -38),
        (-65, -55),
        (-72, -50),
        (-71, -30),
        (-70, -18),
        (-81, -5),
        (-78, 2),
    ],
    # Europe and Asia
    [
        (-10, 36),
        (-9, 43),
        (-2, 48),
        (-5, 58),
        (5, 62),
        (15, 69),
        (28, 71),
        (40, 67),
        (60, 70),
        (80, 73),
        (105, 78),
        (140, 72),
        (170, 70),
        (180, 67),
        (160, 60),
        (142, 52),
        (135, 43),
        (128, 35),
        (122, 30),
        (120, 22),
        (108, 18),
        (105, 9),
        (100, 3),
        (98, 15),
        (92, 22),
        (80, 15),
        (77, 8),
        (72, 20),
        (66, 25),
        (57, 25),
        (59, 22),
        (52, 16),
        (43, 12),
        (35, 30),
        (34, 36),
        (27, 37),
        (23, 38),
        (15, 38),
        (12, 44),
        (8, 44),
        (3, 43),
        (-5, 36),
    ],
    # Africa
    [
        (-17, 21),
        (-6, 36),
        (10, 37),
        (20, 32),
        (32, 31),
        (35, 28),
        (43, 12),
        (51, 12),
        (40, -3),
        (40, -15),
        (35, -24),
        (28, -33),
        (18, -35),
        (12, -18),
        (13, -6),
        (9, 4),
        (-8, 4),
        (-15, 10),
    ],
    # Australia
    [
        (114, -22),
        (122, -18),
        (130, -12),
        (137, -12),
        (142, -11),
        (146, -19),
        (153, -26),
        (150, -37),
        (141, -38),
        (132, -32),
        (115, -34),
    ],
    # Great Britain, Japan, Madagascar, Sri Lanka, the Philippines, Borneo, Sumatra, New
    # Guinea, New Zealand
    [(-5, 50), (1, 51), (-2, 56), (-3, 58.5), (-6, 57), (-5, 54)],
    [(130, 31), (135, 34), (140, 36), (142, 40), (141, 45), (139, 41), (136, 36), (131, 34)],
    [(44, -25), (47, -25), (50, -15), (49, -12), (44, -17)],
    [(80, 9.8), (81.9, 7.5), (81, 6), (79.8, 6.2)],
    [(120, 18.5), (122.5, 18.5), (126.5, 8), (124.5, 6), (121.5, 10)],
    [(109, 2), (117, 7), (119, 0), (114, -4), (110, -3)],
    [(95, 5.5), (106, -6), (101, -3)],
    [(131, -1), (141, -3), (150, -10), (141, -9)],
    [(172.5, -34.5), (178.5, -37.5), (174.5, -41.5), (171, -45), (166.5, -46), (172, -41)],
]


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Where a point falls on the map, in its viewBox's units."""
    x = (longitude + 180) / 360 * WIDTH
    y = (NORTH - max(SOUTH, min(NORTH, latitude))) / (NORTH - SOUTH) * HEIGHT
    return round(x, 1), round(y, 1)


def land_path() -> str:
    """The outlines as one SVG path's `d`."""
    parts = []
    for outline in OUTLINES:
        points = [project(lat, lon) for lon, lat in outline]
        parts.append("M" + " ".join(f"{x} {y}" for x, y in points) + "Z")
    return "".join(parts)


def graticule() -> str:
    """Lines every 30 degrees, and the equator."""
    lines = [f"M{project(0, lon)[0]} 0V{HEIGHT}" for lon in range(-150, 180, 30)]
    lines += [f"M0 {project(lat, 0)[1]}H{WIDTH}" for lat in range(-30, 80, 30)]
    return "".join(lines)


LAND = land_path()
GRATICULE = graticule()
