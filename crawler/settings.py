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
DOWNLOAD_TIMEOUT = 60  # seconds for a whole download: a slow-loris answer ends here and is reported
DOWNLOAD_MAXSIZE = 64 * 2**20  # a disclosure larger than this is reported, not downloaded
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    "crawler.budgets.CrawlBudgetMiddleware": 550,
    "crawler.middlewares.ConditionalRequestMiddleware": 560,
    "crawler.middlewares.AntiBotMiddleware": 580,
    "crawler.middlewares.DeclaredCharsetMiddleware": 590,
}
# the crawler stores each document's bytes; the graph side (named here, never imported by the
# crawler) reads the new ones into the graph
ITEM_PIPELINES = {"crawler.pipelines.DocumentFilesPipeline": 100, "graph.pipeline.GraphPipeline": 300}

EXTENSIONS = {"crawler.progress.CrawlProgress": 500}
# ``scrapy crawl disclosure -O items.jsonl``: one line per document, metadata only
FEED_EXPORT_FIELDS = ["source", "http_status", "link_text", "content_disposition"]
FEED_EXPORT_ENCODING = "utf-8"
# ``scrapy check``: the sample responses of the callbacks' contracts are files of this repository
SPIDER_CONTRACTS = {"crawler.contracts.FileContract": 10}

# Budgets: every crawl ends. Navigation clicks from the start page to a list (a column 4–5
# clicks below a home page is reached), pages of one paginated list, HTML pages per site
# (lists, navigation, articles; documents are not pages), requests per host.
BUDGETKG_MAX_DEPTH = 5
BUDGETKG_MAX_LIST_PAGES = 100
BUDGETKG_MAX_PAGES = 3000
BUDGETKG_MAX_REQUESTS_PER_HOST = 10000
# documents are read in this many worker processes while the crawl downloads on (None: one per
# CPU; 0: read inline, in the crawling process)
BUDGETKG_READ_WORKERS = None
BUDGETKG_PROGRESS_INTERVAL = 10.0  # seconds between progress lines; 0: none

# where documents, the document index and the graph live (budgetkg --store sets it)
BUDGETKG_STORE = "./data"
BUDGETKG_ENDPOINT = None
BUDGETKG_UPDATE_ENDPOINT = None
