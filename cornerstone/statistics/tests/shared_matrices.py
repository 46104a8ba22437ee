"""This app's pages, for the shared role-by-page matrix in ``cornerstone/accounts/tests``.
(The app has no services: it only reads, and logs downloads in the access log.)"""

from __future__ import annotations

from collections.abc import Callable

from cornerstone.demo.generator import DemoWorld
from cornerstone.statistics.oversight import OVERSIGHT_READERS
from cornerstone.statistics.permissions import STATISTICS_READERS

# (url name, path, roles allowed, note) for cornerstone/accounts/tests/test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("statistics:index", lambda w: "/statistics/", STATISTICS_READERS, ""),
    (
        "statistics:index",
        lambda w: "/statistics/?year=2025-26&area=region:north-west",
        STATISTICS_READERS,
        "a region's return",
    ),
    (
        "statistics:download-csv",
        lambda w: "/statistics/national-return.csv?year=2025-26&area=national",
        STATISTICS_READERS,
        "",
    ),
    (
        "statistics:download-ods",
        lambda w: "/statistics/national-return.ods?year=2025-26&area=national",
        STATISTICS_READERS,
        "",
    ),
    (
        "statistics:download-json",
        lambda w: "/statistics/national-return.json?year=2025-26&area=national",
        STATISTICS_READERS,
        "",
    ),
    (
        "statistics:oversight",
        lambda w: "/statistics/oversight/",
        OVERSIGHT_READERS,
        "this year, everywhere covered",
    ),
    (
        "statistics:oversight",
        lambda w: "/statistics/oversight/?year=2025-26&area=all",
        OVERSIGHT_READERS,
        "a chosen year",
    ),
)
# Named pages anyone may open without signing in.
PUBLIC_PAGES: frozenset[str] = frozenset()
# Named URLs that only accept POST.
POST_ONLY: frozenset[str] = frozenset()
