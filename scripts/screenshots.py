"""Export the README's pictures of the main screens to docs/screenshots/*.svg at 100×30.

    python scripts/screenshots.py

Each screen is reached by keys from home, exactly as in the snapshot sweep
(tests/screens/screen_tour.py): the shipped deck, a seeded history of six
quizzes, a fixed clock and seeded randomness, so the pictures only change when
the screens do. Needs the test extras (`pip install ".[test]"`).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.screens.screen_tour import TOUR, tour_app  # noqa: E402 (needs ROOT on the path)

SIZE = (100, 30)
OUT_DIR = ROOT / "docs" / "screenshots"
# file name -> (tour state, window title)
SHOTS = {
    "home": ("home", "Home"),
    "topics": ("topics", "Topics"),
    "card-reader": ("card_back", "Card reader"),
    "quiz": ("quiz_question", "Timed quiz"),
    "results": ("results", "Results"),
    "match": ("match", "Match the date"),
    "weak-spots": ("weak_spots", "Weak spots"),
}


async def export(state: str, title: str) -> str:
    """The SVG of the screen the tour's keys for `state` lead to."""
    app, clock = tour_app()
    async with app.run_test(size=SIZE) as pilot:
        await TOUR[state](pilot, clock)
        await pilot.pause()
        return app.export_screenshot(title=f"Revise — {title}")


async def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, (state, title) in SHOTS.items():
        path = OUT_DIR / f"{name}.svg"
        path.write_text(await export(state, title), encoding="utf-8")
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    asyncio.run(main())
