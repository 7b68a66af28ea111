"""A benchmark-only app: one view that inserts one row, through the same server, settings and
middleware as Yavar itself, so the donation benchmark can say how close it comes to what the
framework and the database can do at all on this machine. Installed only by
bench/spike_settings.py, never by config.settings."""
