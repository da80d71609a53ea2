"""Settings of ``make bench``: the production settings (from the environment) with the bench URLconf,
which adds a bare ping view to measure the framework's floor."""

from travault.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
