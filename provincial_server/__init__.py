"""Reference provincial sync server: takes counters' events, hands back processing updates."""
