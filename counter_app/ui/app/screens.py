"""The screens a guide is written for (F1), named apart from the guide itself so that
the window can say which screen is in front without loading the guide at start."""

RECEIVE, LOOKUP, LEDGER, SYNC = "receive", "lookup", "ledger", "sync"
