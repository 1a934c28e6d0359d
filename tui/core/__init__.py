"""Pure domain code: decks, progress, quiz, matching, weak spots. Never imports Textual."""
