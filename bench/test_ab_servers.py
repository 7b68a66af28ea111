"""ab_servers.py's reading of `--server`: what it serves, and a clear refusal otherwise.

YAVAR_TESTING=1 .venv/bin/pytest -q bench/test_ab_servers.py
"""

from __future__ import annotations

import argparse

import pytest
from _site import ROOT
from ab_servers import parse_server
from donation_spike import gunicorn_argv


def test_a_server_is_served_from_this_checkout_unless_a_folder_is_named(tmp_path):
    here = parse_server("now=2:8")
    there = parse_server(f"fix=3:5:{tmp_path}")
    assert (here.name, here.workers, here.threads, here.folder) == ("now", 2, 8, ROOT)
    assert (there.workers, there.threads, there.folder) == (3, 5, tmp_path.resolve())
    argv = gunicorn_argv(8123, workers=there.workers, threads=there.threads, folder=there.folder)
    assert f"--chdir={tmp_path.resolve()}" in argv
    assert "--workers=3" in argv and "--threads=5" in argv and "--worker-connections=5" in argv


@pytest.mark.parametrize("text", ["now", "=2:8", "now=2", "now=two:8", "now=2:"])
def test_a_malformed_server_is_refused(text):
    with pytest.raises(argparse.ArgumentTypeError):
        parse_server(text)
