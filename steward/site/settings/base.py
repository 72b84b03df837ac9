"""Settings shared by every environment. Everything that differs comes from the environment (12-factor)."""

from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# =============================================================================
# CORE
# =============================================================================
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
FRONTEND_URL = env.str("FRONTEND_URL", default="http://localhost:3000")
# The frontend proxies /graphql/ on its own origin: the browser's POSTs carry that Origin, so trust it for CSRF.
CSRF_TRUSTED_ORIGINS = [*CSRF_TRUSTED_ORIGINS, "/".join(FRONTEND_URL.split("/")[:3])]

INSTALLED_APPS = [
    "steward.core",
    "steward.site",
    "steward.members",
    "steward.donations",
    "steward.volunteers",
    "steward.reports",
    "steward.communications",
    "steward.graphql",
    "wagtail_headless_preview",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "simple_history",
    "phonenumber_field",
    "strawberry_django",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "django.contrib.humanize",
    "anymail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "steward.site.urls"
WSGI_APPLICATION = "steward.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "steward" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# =============================================================================
# DATABASE
# =============================================================================
# Unset DATABASE_URL: the embedded default, an SQLite file under var/ in WAL mode.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'steward.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiles a query whose estimated cost is high, which a segment count over a million
    # constituents' EXISTS conditions is: compiling took a second of a count that runs in a fraction of it
    # (issue 14). Steward's queries are short and indexed; POSTGRES_JIT=on gives it back.
    if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
        jit = "on" if env.bool("POSTGRES_JIT", default=False) else "off"
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c jit={jit}"
# Memory for each sort and hash of a report's queries (board pack, segment counts, the rollups rebuild):
# core.db.report_memory. Web requests keep the server's own work_mem.
POSTGRES_REPORT_WORK_MEM = env.str("POSTGRES_REPORT_WORK_MEM", default="64MB")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# =============================================================================
# AUTH
# =============================================================================
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
# Portal accounts (steward/members/accounts.py): link lifetimes and the sign-in throttle.
ACCOUNT_VERIFY_EMAIL_MAX_AGE_HOURS = env.int("ACCOUNT_VERIFY_EMAIL_MAX_AGE_HOURS", default=72)
ACCOUNT_SIGN_IN_LINK_MAX_AGE_MINUTES = env.int("ACCOUNT_SIGN_IN_LINK_MAX_AGE_MINUTES", default=15)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 3)

# =============================================================================
# AUTHENTICATION
# =============================================================================
# Limits on every way in (steward/members/sign_in_limits.py), per account and per client address, all counted
# within one sliding window: password sign-in (the portal's signIn and /admin/login/ share them), requests for
# emailed links (reset, sign-in, confirm; every request counts) and emailed links that do not work.
ACCOUNT_SIGN_IN_FAILURE_WINDOW_MINUTES = env.int("ACCOUNT_SIGN_IN_FAILURE_WINDOW_MINUTES", default=15)
# Failed passwords for one account (from browsers without its device cookie), and from one address.
ACCOUNT_SIGN_IN_MAX_FAILURES = env.int("ACCOUNT_SIGN_IN_MAX_FAILURES", default=5)
ACCOUNT_SIGN_IN_MAX_FAILURES_PER_ADDRESS = env.int("ACCOUNT_SIGN_IN_MAX_FAILURES_PER_ADDRESS", default=20)
ACCOUNT_EMAIL_REQUESTS_MAX_PER_ACCOUNT = env.int("ACCOUNT_EMAIL_REQUESTS_MAX_PER_ACCOUNT", default=3)
ACCOUNT_EMAIL_REQUESTS_MAX_PER_ADDRESS = env.int("ACCOUNT_EMAIL_REQUESTS_MAX_PER_ADDRESS", default=10)
ACCOUNT_LINK_MAX_FAILURES_PER_ADDRESS = env.int("ACCOUNT_LINK_MAX_FAILURES_PER_ADDRESS", default=20)
# A browser that signed in gets this signed cookie; its correct password then passes the account's limit (its own
# failures count against that device alone), so an attacker's guesses never lock the owner out.
ACCOUNT_DEVICE_COOKIE_NAME = env.str("ACCOUNT_DEVICE_COOKIE_NAME", default="steward_device")
ACCOUNT_DEVICE_COOKIE_MAX_AGE_DAYS = env.int("ACCOUNT_DEVICE_COOKIE_MAX_AGE_DAYS", default=180)
# The Wagtail admin's login and password-reset forms, under the same limits (Wagtail's settings for them).
WAGTAILADMIN_USER_LOGIN_FORM = "steward.members.sign_in_web.AdminLoginForm"
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "steward.members.sign_in_web.AdminPasswordResetForm"  # noqa: S105
MIDDLEWARE = [*MIDDLEWARE, "steward.members.sign_in_web.SignInDeviceCookieMiddleware"]

# =============================================================================
# I18N AND TIME
# =============================================================================
LANGUAGE_CODE = "en"
# The language of the organisation's own records (people's, funds' and campaigns' names), a BCP 47 tag such as
# zh-Hant-TW, th or en: printed documents mark those names with it, so that Han characters are set in its face
# (Traditional Chinese in Noto Sans CJK TC, Simplified in SC, Japanese in JP). steward/site/documents.py reads it.
ORGANISATION_LANGUAGE = env.str("ORGANISATION_LANGUAGE", default=LANGUAGE_CODE)
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
# The organisation's own time zone: membership terms are dates in it.
ORGANISATION_TIME_ZONE = env.str("ORGANISATION_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True
# Month (1-12) and day on which the fiscal year starts.
FISCAL_YEAR_START_MONTH = env.int("FISCAL_YEAR_START_MONTH", default=1)
FISCAL_YEAR_START_DAY = env.int("FISCAL_YEAR_START_DAY", default=1)
# Month and day on which the tax year of receipts and year-end giving statements starts; unset, it is the
# fiscal year's (steward/donations/tax_years.py reads them).
TAX_YEAR_START_MONTH = env.int("TAX_YEAR_START_MONTH", default=None)
TAX_YEAR_START_DAY = env.int("TAX_YEAR_START_DAY", default=None)

# =============================================================================
# STATIC AND MEDIA
# =============================================================================
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Prepared segment exports: private files, never served as media (see REPORTS_EXPORT_ROOT).
    "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("REPORTS_EXPORT_ROOT", default=VAR_DIR / "exports"), "base_url": None},
    },
}

# =============================================================================
# WAGTAIL
# =============================================================================
WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="Steward")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
WAGTAIL_HEADLESS_PREVIEW_URL = env.str("WAGTAIL_PREVIEW_URL", default=FRONTEND_URL)
# wagtail-headless-preview: the admin's preview opens the frontend's /preview/ page with a signed token, and the
# frontend asks `pagePreview` for the draft. Tokens older than this are refused (the admin makes a new one on
# every refresh of the preview).
WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": f"{WAGTAIL_HEADLESS_PREVIEW_URL.rstrip('/')}/preview/"}}
PREVIEW_TOKEN_MAX_AGE_MINUTES = env.int("PREVIEW_TOKEN_MAX_AGE_MINUTES", default=60)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_I18N_ENABLED = False
# A CRM does not tell third parties who its staff are: no avatars fetched from gravatar.com by each staff
# member's hashed address, no version check against releases.wagtail.org from the dashboard.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# =============================================================================
# EMAIL
# =============================================================================
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Steward <noreply@localhost>")
# A mail provider's API through Anymail instead of SMTP (EMAIL_URL): EMAIL_PROVIDER = amazon_ses, postmark,
# mailgun, sendgrid or brevo, with that provider's keys below. Delivery webhooks (bounces, complaints, opens)
# are at /mail/<provider>/tracking/ and answer only once ANYMAIL_WEBHOOK_SECRET (basic auth "user:password"),
# or for Mailgun MAILGUN_WEBHOOK_SIGNING_KEY, is set: without a secret they are off (404), not open.
EMAIL_PROVIDER = env.str("EMAIL_PROVIDER", default="")
EMAIL_PROVIDERS = ("amazon_ses", "postmark", "mailgun", "sendgrid", "brevo")
# The provider's rate limit, shared by every worker (steward/core/sending_rate.py), e.g. "14/second, 50000/day";
# empty: no limit. A wait up to EMAIL_RATE_MAX_WAIT seconds is waited out; a longer one defers the messages.
EMAIL_RATE_LIMITS = env.str("EMAIL_RATE_LIMITS", default="")
EMAIL_RATE_MAX_WAIT = env.float("EMAIL_RATE_MAX_WAIT", default=5.0)
if EMAIL_PROVIDER:
    if EMAIL_PROVIDER not in EMAIL_PROVIDERS:
        raise ImproperlyConfigured(
            f"EMAIL_PROVIDER must be one of {', '.join(EMAIL_PROVIDERS)}, not {EMAIL_PROVIDER!r}."
        )
    EMAIL_BACKEND = f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend"
ANYMAIL = {
    key: value
    for key, value in {
        "WEBHOOK_SECRET": env.str("ANYMAIL_WEBHOOK_SECRET", default=""),
        "POSTMARK_SERVER_TOKEN": env.str("POSTMARK_SERVER_TOKEN", default=""),
        "MAILGUN_API_KEY": env.str("MAILGUN_API_KEY", default=""),
        "MAILGUN_SENDER_DOMAIN": env.str("MAILGUN_SENDER_DOMAIN", default=""),
        "MAILGUN_WEBHOOK_SIGNING_KEY": env.str("MAILGUN_WEBHOOK_SIGNING_KEY", default=""),
        "SENDGRID_API_KEY": env.str("SENDGRID_API_KEY", default=""),
        "BREVO_API_KEY": env.str("BREVO_API_KEY", default=""),
        "AMAZON_SES_CLIENT_PARAMS": {"region_name": env.str("AWS_REGION", default="")}
        if env.str("AWS_REGION", default="")
        else None,
    }.items()
    if value
}
# Soft bounces (a full mailbox, a server that is down) suppress an address after this many in this many days.
COMMUNICATIONS_SOFT_BOUNCE_LIMIT = env.int("COMMUNICATIONS_SOFT_BOUNCE_LIMIT", default=3)
COMMUNICATIONS_SOFT_BOUNCE_DAYS = env.int("COMMUNICATIONS_SOFT_BOUNCE_DAYS", default=30)
# Campaign email: recipients per claimed batch, how long a claim holds before another worker takes it back,
# and how many batch tasks a campaign starts at once (one per worker process).
CAMPAIGN_BATCH_SIZE = env.int("CAMPAIGN_BATCH_SIZE", default=200)
CAMPAIGN_CLAIM_LEASE_SECONDS = env.int("CAMPAIGN_CLAIM_LEASE_SECONDS", default=300)
CAMPAIGN_PARALLEL_WORKERS = env.int("CAMPAIGN_PARALLEL_WORKERS", default=2)

# =============================================================================
# CELERY
# =============================================================================
# Unset CELERY_BROKER_URL: tasks run eagerly, in-process (the embedded default).
CELERY_TASK_ALWAYS_EAGER = not env.str("CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = ORGANISATION_TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "campaigns-sweep": {
        "task": "steward.communications.tasks.campaigns_sweep",
        "schedule": 60,  # campaigns sending with no batch queued (broker down, workers died): claims have leases
    },
    "delivery-events-sweep": {
        "task": "steward.communications.tasks.delivery_events_sweep",
        "schedule": 60,  # mail providers' reports stored but never applied (broker down, worker died)
    },
    "outbox-sweep": {
        "task": "steward.core.tasks.outbox_sweep",
        "schedule": 60,  # every minute: owed messages never queued, retries due, claims whose sender died
    },
    "membership-daily": {
        "task": "steward.members.tasks.membership_daily",
        "schedule": 60 * 60 * 6,  # every 6 hours; the task is idempotent and catches up missed days
    },
    "recurring-charges-run": {
        "task": "steward.donations.tasks.recurring_charges_run",
        "schedule": 60 * 60,  # hourly; idempotent, claims each charge in the database
    },
    "recurring-claims-recover": {
        "task": "steward.donations.tasks.recurring_claims_recover",
        "schedule": 60 * 5,  # charges left claimed by a worker that died, older than RECURRING_CLAIM_LEASE_MINUTES
    },
    "stripe-reconcile": {
        "task": "steward.donations.tasks.stripe_reconcile_recent",
        "schedule": 60 * 60 * 24,  # daily, over the last STRIPE_RECONCILE_DAYS days: what the webhooks missed
    },
    "card-expiry-notices": {
        "task": "steward.donations.tasks.card_expiry_notices_send",
        "schedule": 60 * 60 * 24,
    },
    "charge-notices": {
        "task": "steward.donations.tasks.charge_notices_send",
        "schedule": 60 * 60 * 24,  # daily; owes each automatic charge's advance notice once (NOTICE_DAYS_BEFORE_CHARGE)
    },
    "year-end-statements": {
        "task": "steward.donations.tasks.year_end_statements_send",
        "schedule": 60 * 60 * 24,  # daily; in the month after a tax year ends, one statement per donor (unless held)
    },
    "stripe-events-retry-failed": {
        "task": "steward.donations.tasks.stripe_events_retry_failed",
        "schedule": 20,  # failed events whose backoff is over, and pending ones never queued (broker down)
    },
    "volunteer-shift-reminders": {
        "task": "steward.volunteers.tasks.shift_reminders_send",
        "schedule": 60 * 15,  # idempotent: each reminder is claimed in the database, sent once
    },
    "board-pack-send": {
        "task": "steward.reports.tasks.board_pack_send_due",
        "schedule": 60 * 60,  # hourly; sends once per period (claimed in the database) and retries failed runs
    },
    "exports-expire": {
        "task": "steward.reports.tasks.exports_expire",
        "schedule": 60 * 60 * 6,  # deletes prepared export files older than REPORTS_EXPORT_KEEP_DAYS
    },
}

# =============================================================================
# OUTBOX
# =============================================================================
# A message claimed for sending longer ago than this is taken back by the sweeper (its sender died).
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
# Failed sends are retried with backoff (1, 2, 4 … minutes, at most 6 hours apart) up to this many times.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)

# =============================================================================
# STRIPE
# =============================================================================
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
# Whether refunds carry Stripe's `reason` parameter (duplicate, fraudulent, requested_by_customer). Real Stripe
# takes it; localstripe refuses any parameter it does not know ("Unexpected reason"). Unset: sent unless the API
# base is a stand-in for Stripe. The reason and the staff note always go in the refund's metadata.
STRIPE_REFUND_SEND_REASON = env.bool("STRIPE_REFUND_SEND_REASON", default=None)

# The two-letter country of the Stripe account: Apple Pay and Google Pay (Stripe.js paymentRequest) need it.
STRIPE_ACCOUNT_COUNTRY = env.str("STRIPE_ACCOUNT_COUNTRY", default="US")

# =============================================================================
# DONATIONS
# =============================================================================
# The organisation's own currency: rollups and reports add up amounts in it.
STEWARD_BASE_CURRENCY = env.str("STEWARD_BASE_CURRENCY", default="USD")
# Currencies donors may give in online, and the bounds of an online gift (in major units of each).
DONATION_CURRENCIES = env.list("DONATION_CURRENCIES", default=["USD", "EUR", "GBP", "THB", "MNT", "TWD", "JPY", "KRW"])
DONATION_MIN_AMOUNT = env.dict("DONATION_MIN_AMOUNT", cast={"value": str}, default={})
DONATION_DEFAULT_MIN_AMOUNT = env.str("DONATION_DEFAULT_MIN_AMOUNT", default="5")
DONATION_MAX_AMOUNT = env.str("DONATION_MAX_AMOUNT", default="100000")
# Suggested amounts on the donate form (in the base currency), and the funds (by code) gifts and memberships
# go to when the donor picks none; unset or unknown codes fall back to the first open fund.
DONATION_PRESET_AMOUNTS = env.list("DONATION_PRESET_AMOUNTS", default=["25", "50", "100", "250"])
DONATION_DEFAULT_FUND = env.str("DONATION_DEFAULT_FUND", default="general")
MEMBERSHIP_FUND = env.str("MEMBERSHIP_FUND", default="membership")
# Proxies in front of Django (the frontend's server, a load balancer) whose X-Forwarded-For is believed when
# working out a client's address for rate limits. Addresses or networks.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1/32", "::1/128"])
# Donors are emailed this many days before each automatic membership renewal and each annual recurring charge
# (the amount, the date, the card, and where to change or cancel it).
NOTICE_DAYS_BEFORE_CHARGE = env.int("NOTICE_DAYS_BEFORE_CHARGE", default=7)
# Failed recurring charges are retried this many days after the previous attempt, then the gift is past due.
RECURRING_RETRY_DAYS = env.list("RECURRING_RETRY_DAYS", cast=int, default=[1, 3, 7])
# A charge claimed longer ago than this was left by a worker that died: the sweeper finishes it (same keys).
RECURRING_CLAIM_LEASE_MINUTES = env.int("RECURRING_CLAIM_LEASE_MINUTES", default=15)
# Reconciliation with Stripe runs by itself every day over this many past days.
STRIPE_RECONCILE_DAYS = env.int("STRIPE_RECONCILE_DAYS", default=3)
# Card-testing protection: at most this many payment starts / failures per client address and per card.
CARD_TESTING_WINDOW_MINUTES = env.int("CARD_TESTING_WINDOW_MINUTES", default=60)
CARD_TESTING_MAX_STARTS_PER_IP = env.int("CARD_TESTING_MAX_STARTS_PER_IP", default=10)
CARD_TESTING_MAX_FAILURES_PER_IP = env.int("CARD_TESTING_MAX_FAILURES_PER_IP", default=3)
CARD_TESTING_MAX_FAILURES_PER_CARD = env.int("CARD_TESTING_MAX_FAILURES_PER_CARD", default=3)
# Estimated card fee for "cover the fees": percentage plus a fixed amount in the gift's currency.
STRIPE_FEE_PERCENT = env.str("STRIPE_FEE_PERCENT", default="2.9")
STRIPE_FEE_FIXED = env.str("STRIPE_FEE_FIXED", default="0.30")

# =============================================================================
# MEMBERS
# =============================================================================
# Days relative to a membership's end date on which a renewal reminder goes out
# (negative: before the end, positive: after).
MEMBERSHIP_REMINDER_OFFSETS = env.list("MEMBERSHIP_REMINDER_OFFSETS", cast=int, default=[-30, -7, 0, 14])
# The daily run owes every reminder due since its last successful run, and looks at least this many days back
# (so the very first run, with no run recorded, sends nothing older). Sending is the outbox's (OUTBOX_*).
MEMBERSHIP_REMINDER_CATCHUP_DAYS = env.int("MEMBERSHIP_REMINDER_CATCHUP_DAYS", default=7)
PHONENUMBER_DEFAULT_REGION = env.str("PHONENUMBER_DEFAULT_REGION", default=None)

# =============================================================================
# VOLUNTEERS
# =============================================================================
# The money value of one hour of volunteer time (amount, ISO 4217 currency), e.g. for grant reports.
VOLUNTEER_HOURLY_RATE = (
    Decimal(env.str("VOLUNTEER_HOURLY_RATE", default="33.49")),
    env.str("VOLUNTEER_HOURLY_RATE_CURRENCY", default=STEWARD_BASE_CURRENCY),
)
# How many hours before a shift its reminder email goes out.
VOLUNTEER_REMINDER_HOURS = env.int("VOLUNTEER_REMINDER_HOURS", default=24)

# =============================================================================
# REPORTS
# =============================================================================
# Lifetime giving (in the base currency) from which the built-in "Major donors" segment counts someone.
REPORTS_MAJOR_DONOR_THRESHOLD = env.str("REPORTS_MAJOR_DONOR_THRESHOLD", default="1000")
# How often the board pack is emailed to the Board group: "monthly" or "quarterly" (fiscal quarters).
REPORTS_BOARD_PACK_SCHEDULE = env.str("REPORTS_BOARD_PACK_SCHEDULE", default="monthly")
# Whether the board pack's top gifts name their donors (anonymous gifts never are).
REPORTS_BOARD_PACK_DONOR_NAMES = env.bool("REPORTS_BOARD_PACK_DONOR_NAMES", default=False)
# A failed scheduled sending is tried again on the next beat run, up to this many attempts.
REPORTS_BOARD_PACK_MAX_ATTEMPTS = env.int("REPORTS_BOARD_PACK_MAX_ATTEMPTS", default=5)
# Segment exports to XLSX with more rows than this are prepared by a Celery worker (a workbook of half a million
# rows takes minutes, longer than a proxy waits) and the person who asked gets an email with the link; CSV
# always streams. Prepared files are private (outside MEDIA_ROOT, downloaded through the admin) and deleted
# after REPORTS_EXPORT_KEEP_DAYS.
REPORTS_EXPORT_BACKGROUND_ROWS = env.int("REPORTS_EXPORT_BACKGROUND_ROWS", default=20000)
REPORTS_EXPORT_ROOT = env.path("REPORTS_EXPORT_ROOT", default=VAR_DIR / "exports")
REPORTS_EXPORT_KEEP_DAYS = env.int("REPORTS_EXPORT_KEEP_DAYS", default=7)

# =============================================================================
# GRAPHQL
# =============================================================================
GRAPHQL_MAX_DEPTH = env.int("GRAPHQL_MAX_DEPTH", default=10)
GRAPHQL_MAX_ALIASES = env.int("GRAPHQL_MAX_ALIASES", default=15)
GRAPHQL_MAX_TOKENS = env.int("GRAPHQL_MAX_TOKENS", default=2000)
GRAPHQL_MAX_RESULTS = env.int("GRAPHQL_MAX_RESULTS", default=100)
# The most field resolutions one operation may cause (nested lists multiply; see steward/graphql/limits.py).
GRAPHQL_MAX_COST = env.int("GRAPHQL_MAX_COST", default=100000)
# The size the cost counts for a list field that declares none (see `list_cost` in steward/graphql/limits.py).
GRAPHQL_LIST_COST = env.int("GRAPHQL_LIST_COST", default=5)
# The longest string any argument may hold (emails: 254).
GRAPHQL_MAX_STRING_LENGTH = env.int("GRAPHQL_MAX_STRING_LENGTH", default=10000)
# Introspection and the GraphiQL page (its scripts come from a CDN): on here, off in production unless turned on.
GRAPHQL_INTROSPECTION = env.bool("GRAPHQL_INTROSPECTION", default=True)
GRAPHQL_IDE = env.bool("GRAPHQL_IDE", default=True)
STRAWBERRY_DJANGO = {
    "MUTATIONS_DEFAULT_HANDLE_ERRORS": True,
    "PAGINATION_DEFAULT_LIMIT": 50,
}

# =============================================================================
# SECURITY
# =============================================================================
# Content-Security-Policy (django-csp) for every page Django serves (the admin, downloads; the frontend is Next's):
# only our own scripts, no plugins, no framing by others. Styles stay open to inline `style=` (the admin uses them).
# The admin's preview panel frames the frontend's /preview/ page, so the frontend's origin may be framed.
_FRONTEND_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(FRONTEND_URL))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", _FRONTEND_ORIGIN],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the frontend reads it to send X-CSRFToken
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every step of every PDF (and fontTools every font subset) at INFO: only its warnings.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
