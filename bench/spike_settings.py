"""Settings for bench/donation_spike.py: Yavar's own (production when YAVAR_ENV=production says
so) plus the bare-insert app and its one URL. Nothing else differs."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.bareinsert"]
ROOT_URLCONF = "bench.bareinsert.urls"
