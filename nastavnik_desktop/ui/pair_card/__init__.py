"""The pair card (stage 6): a pair's or group's people, status and work in one window."""
