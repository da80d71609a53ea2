"""Run localstripe (a fake Stripe API) on 127.0.0.1 only, keeping its state in memory.

Usage: python -m billing.tests.localstripe_server PORT
"""

import sys

from aiohttp import web
from localstripe import resources
from localstripe.server import app


def serve(port: int) -> None:
    resources.Store.dump_to_disk = lambda self: None
    web.run_app(app, host="127.0.0.1", port=port, print=None)


if __name__ == "__main__":
    serve(int(sys.argv[1]))
