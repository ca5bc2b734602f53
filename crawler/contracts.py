"""``scrapy check`` contracts that need no network: ``@file PATH`` makes the sample request of a
callback read a file of this repository (PATH relative to the folder of scrapy.cfg), e.g. a
fixture portal's page or a seed document, through Scrapy's own file:// download handler."""

from __future__ import annotations

from pathlib import Path

from scrapy.contracts import Contract
from scrapy.utils.conf import closest_scrapy_cfg


class FileContract(Contract):
    """@file graph/demo/portals/trs/pages/zwgk/czyjs/index.html"""

    name = "file"

    def adjust_request_args(self, args: dict) -> dict:
        cfg = closest_scrapy_cfg()
        root = Path(cfg).resolve().parent if cfg else Path.cwd()
        args["url"] = (root / self.args[0]).as_uri()
        return args
