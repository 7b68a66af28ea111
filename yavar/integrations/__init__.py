"""Outside bodies (civil registry, insurer, banks, SMS...): one folder per body with a protocol,
a real HTTP client and a simulator, on a small shared framework (config, HTTP with retries,
the inquiry log, the simulator server).

This layer takes plain values and returns dataclasses; it knows nothing about people or any
domain, and imports only `yavar.core` and `yavar.audit`.
"""
