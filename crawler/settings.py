"""Scrapy settings of the crawler: polite by default (P8).  ``crawler.run`` adds the per-run
paths (DATA_DIR, RUN_ID, JOBDIR, HTTPCACHE_DIR, WARC_DIR); tests and the bench lower the
delays through ``-s KEY=VALUE``."""

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Identify ourselves and obey robots.txt.
USER_AGENT = (
    "nianbao-archive/0.1 (+https://github.com/nianbao/nianbao; annual reports on government information disclosure)"
)
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False  # no cookie tricks: challenges are recorded, not answered

# One or two requests per host at a time, about one a second, slower when the host is slow.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
# Never *below* the delay: Scrapy's randomisation draws 0.5–1.5 × DOWNLOAD_DELAY, so a run of
# short draws puts six requests into one second at a 0.3 s delay and trips burst limits (the
# farm's rate_ban: > 5 requests/s).  AutoThrottle already varies the pace upwards.
RANDOMIZE_DOWNLOAD_DELAY = False
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 128 * 1024 * 1024  # a report is rarely over 40 MB; with BODIES_IN_FLIGHT_MAX it bounds memory
DOWNLOAD_WARNSIZE = 32 * 1024 * 1024
DOWNLOAD_VERIFY_CERTIFICATES = False  # expired and mismatched certificates are common on .gov.cn

# Retries with exponential backoff (crawler.middlewares.BackoffRetryMiddleware).
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 60.0
# Rate bans (429, or 403/503 with Retry-After / 访问过于频繁): wait, then ask again.
BAN_RETRIES = 2
BAN_MAX_PAUSE = 600.0
BAN_DEFAULT_PAUSE = 60.0
BAN_MIN_DELAY = 1.0  # the banned host's slot delay from then on (at least; doubled each ban)

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.HostBanPauseMiddleware": 560,  # sees a ban before the retry middleware
    "crawler.middlewares.BlockedHostsMiddleware": 120,
    "crawler.warc.WarcWriterMiddleware": 950,
    "crawler.politeness.CrawlDelayMiddleware": 150,  # robots.txt answers pass through here too
    "crawler.bodies.TruncatedBodyMiddleware": 580,  # below HttpCompressionMiddleware (590): sees decoded bodies
}
# Bodies in flight together (each may reach DOWNLOAD_MAXSIZE alone): crawler.bodies.
BODIES_IN_FLIGHT_MAX = 128 * 1024 * 1024
EXTENSIONS = {
    "crawler.bodies.BodiesInFlightBudget": 100,
    "scrapy.extensions.throttle.AutoThrottle": None,
    "crawler.politeness.FloorAutoThrottle": 0,
}
CRAWL_DELAY_MAX = 60.0  # robots.txt Crawl-delay honoured up to this many seconds per request
ITEM_PIPELINES = {"crawler.pipelines.ArchivePipeline": 300}

# Conditional GETs for the nightly re-crawl: every URL is revalidated (max-age=0), challenge
# and error answers are never cached.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"
HTTPCACHE_STORAGE = "scrapy.extensions.httpcache.FilesystemCacheStorage"
HTTPCACHE_GZIP = True
HTTPCACHE_IGNORE_HTTP_CODES = [403, 404, 410, 412, 429, 500, 502, 503, 504, 522, 524]
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9",
    "Cache-Control": "max-age=0",
}

# A fresh duplicate filter per process: a resumed run walks its lists again (cheap, cached)
# instead of trusting a seen-set that a SIGKILL may have left ahead of the archive.
DUPEFILTER_CLASS = "crawler.dupefilter.ProcessDupeFilter"
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
DEPTH_PRIORITY = 0

# The 2.19 remote-control server executes code sent to it; telnet likewise. Off.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
REQUEST_FINGERPRINTER_CLASS = "crawler.dupefilter.WalkFingerprinter"
