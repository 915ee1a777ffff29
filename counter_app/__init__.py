"""Quầy Một Cửa — the offline-first reception counter program."""

__version__ = "0.1.0"
