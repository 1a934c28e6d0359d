"""Topics: every topic with its mastery, the card reader and search. (Not built yet.)"""

from tui.screens.placeholder import ComingSoonScreen


class TopicsScreen(ComingSoonScreen):
    FEATURE = "Topics"
