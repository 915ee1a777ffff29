"""Pure rules of the one-stop reception domain: no I/O, no database, no Qt."""
