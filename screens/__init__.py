"""One module per screen, named after what the student sees."""
