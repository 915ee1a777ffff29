"""Synchronisation with the provincial server: wire protocol and outbox."""
