"""Revise: a keyboard-driven revision app for the terminal."""

__version__ = "0.1.0"
