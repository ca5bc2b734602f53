"""Scrapy settings of the budgetkg crawler (``scrapy crawl disclosure -a site=NAME`` or
``budgetkg crawl``). Politeness first: robots.txt, AutoThrottle, two requests per domain."""

BOT_NAME = "budgetkg"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "budgetkg/0.1 (budget disclosure research crawler; +https://w3id.org/budgetkg)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 200 * 2**20
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.ConditionalRequestMiddleware": 560,
    "crawler.middlewares.AntiBotMiddleware": 580,
    "crawler.middlewares.DeclaredCharsetMiddleware": 590,
}
# the crawler stores each document's bytes; the graph side (named here, never imported by the
# crawler) reads the new ones into the graph
ITEM_PIPELINES = {"crawler.pipelines.DocumentFilesPipeline": 100, "graph.pipeline.GraphPipeline": 300}

# where documents, the document index and the graph live (budgetkg --store sets it)
BUDGETKG_STORE = "./data"
BUDGETKG_ENDPOINT = None
BUDGETKG_UPDATE_ENDPOINT = None
