"""Qt-free core of the counter program: domain rules, local store, forms, sync.

Nothing under this package may import PySide6; the UI calls into it, never back.
"""
