"""Sync with the provincial server: the status bar and the console."""
