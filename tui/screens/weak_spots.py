"""Weak spots: the weakest questions and topics, and drills. (Not built yet.)"""

from tui.screens.placeholder import ComingSoonScreen


class WeakSpotsScreen(ComingSoonScreen):
    FEATURE = "Weak spots"
