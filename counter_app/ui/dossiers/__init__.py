"""Screens on received dossiers: look up and return, corrections, the ledger."""
