"""Settings shared by every environment. Values that differ per deployment come from
environment variables (see the table in README.md)."""

import shutil
from datetime import date, timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from .env import env_bool, env_float, env_int, env_list, env_str, env_url_list

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "faq",
    "news",
    "membership_forms",
    "wagtail_localize",
    "wagtail_localize.locales",  # Wagtail's locale admin, with wagtail-localize's sync options
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail_modeladmin",
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
    "django_filters",
    "captcha",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Near the top, so that every response (also the 400s, redirects and throttling pages of
    # the middleware below, and pages from the page cache) carries the Content-Security-Policy
    # and Permissions-Policy.
    "home.middleware.SecurityHeadersMiddleware",
    # Before anything reads the session cookie or the query (see home/middleware.py).
    "home.middleware.BadInputMiddleware",
    # Before the session, CSRF and messages middleware: it must see every cookie they set.
    "home.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the address's prefix; unprefixed public addresses redirect to /en/.
    "home.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Anonymous visitors' pages routed from what this process keeps while nothing changed.
    "home.frame.FrameMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a throttled login into the "too many attempts" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "scn_wagtail.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

WSGI_APPLICATION = "scn_wagtail.wsgi.application"

# SQLite next to the code unless DATABASE_URL names another database (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set (shared by every server process); otherwise a per-process cache.
# Short socket timeouts: an unreachable Redis slows a request by a fraction of a second, and
# the page cache then leaves it alone for a second before trying again.
if env_str("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "home.redis_cache.SharedClientRedisCache",
            "LOCATION": env_str("REDIS_URL"),
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "scn"),
            "OPTIONS": {
                "socket_connect_timeout": env_float("REDIS_TIMEOUT_SECONDS", 0.5),
                "socket_timeout": env_float("REDIS_TIMEOUT_SECONDS", 0.5),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "scn-wagtail",
        }
    }

# The page cache (home/page_cache.py; README: "The page cache"). Anonymous visitors' pages are
# stored for PAGE_CACHE_SECONDS (0 turns the cache off) and made out of date by any change.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# What cacheable pages tell browsers (max-age) and shared caches such as Varnish (s-maxage,
# which the site purges on every change; stale-while-revalidate).
PAGE_CACHE_BROWSER_SECONDS = env_int("PAGE_CACHE_BROWSER_SECONDS", 60)
PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 30)
# After a publish, the published page, its home page and a story's news index are rendered
# again at once in the publishing process, so that their next visitor finds them stored
# (home/warming.py).
PAGE_CACHE_WARM_AFTER_PUBLISH = env_bool("PAGE_CACHE_WARM_AFTER_PUBLISH", True)
# Parts of pages (header, footer, a page's head and body) kept for anonymous visitors between
# renderings (home/fragments.py), in the same cache, for FRAGMENT_CACHE_SECONDS at most (0
# turns them off); made out of date by the changes that touch them.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 3600)
# Addresses that never use the page cache, whatever their response says.
PAGE_CACHE_EXCLUDED_PATHS = (
    "/admin/",
    "/django-admin/",
    "/account/",
    "/membership/",
    "/captcha/",
    "/documents/",
    "/search/",
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a throttled login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "home.throttle.ThrottledBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/admin/login/"
# Members (who are not staff) sign in on the site itself to reach private pages.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"  # in the language of the page asked for

# The public site in three languages (issue 11), each at its own prefix: /en/, /fr/, /ar/
# (scn_wagtail/urls.py). English is the source language of the content; addresses without a
# prefix are the old English ones and redirect to /en/ (home/middleware.py: LanguageMiddleware).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("ar", "العربية"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The admin in each staff member's own language (Account › Preferences), from Wagtail's own
# catalogues and ours.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates and numbers as written in Britain (the site's English before issue 11).
FORMAT_MODULE_PATH = ["scn_wagtail.formats"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Email: console output unless an SMTP server is configured.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Strong Cities Network <no-reply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Background tasks (django-tasks, which Wagtail installs): run at once unless a deployment
# configures a queue. TASKS_BACKEND=database stores them for `manage.py db_worker`.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND)}}

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Strong Cities Network"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    # Wagtail picks PostgreSQL's full-text search automatically on PostgreSQL.
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "webp", "heic": "webp"}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_PASSWORD_RESET_ENABLED = True
# The admin would otherwise load every user's avatar from gravatar.com, telling a third party
# who uses the admin (and showing broken images when it cannot be reached).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Likewise the dashboard's check for new Wagtail releases (a request to releases.wagtail.org
# from every admin's browser, which the admin's Content-Security-Policy blocks anyway).
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Shared HTTP caches in front of the app servers (README: "Production layout"): one HTTP
# purge backend per Varnish server in FRONTEND_CACHE_VARNISH_URL. Wagtail purges a page when
# it is published or unpublished; home.frontend_cache purges whole sites on other changes.
# None configured: nothing is purged.
WAGTAILFRONTENDCACHE = {
    f"varnish{number}": {
        "BACKEND": "home.frontend_cache.HTTPBackend",
        "LOCATION": url,
        "TIMEOUT": env_int("FRONTEND_CACHE_TIMEOUT", 2),
    }
    for number, url in enumerate(env_url_list("FRONTEND_CACHE_VARNISH_URL"), start=1)
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security": {"level": "WARNING"},
        # One line per background task is noise at INFO; failures still show.
        "django_tasks": {"level": "WARNING"},
        # django-axes logs each wrong password at WARNING; its start-up line is noise.
        "axes.apps": {"level": "WARNING"},
    },
}

CSRF_FAILURE_VIEW = "home.views.csrf_failure"

# Content-Security-Policy (django-csp, home/middleware.py). Public pages: scripts and styles
# from the site only, nothing inline, no plugins, no framing by other sites. Their policy is
# the same for every visitor (no nonce), as they are served from shared caches.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "media-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # The admin's preview shows pages in a frame of the same site.
        "frame-ancestors": [SELF],
    }
}
# Wagtail's admin (and Django's) still writes inline scripts (inline panels, date choosers)
# and inline styles: the strictest policy it works under (tests/security/test_csp_browser.py).
ADMIN_URL_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
    }
}
# Browser features the site never uses, switched off for it and anything it frames.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ]
)

# Membership enquiries (README: "Membership enquiries: spam protection and the email queue").
# Answer dates promised to applicants: working days, skipping weekends and these holidays
# (ISO dates, e.g. 2026-12-25,2026-12-28).
MEMBERSHIP_RESPONSE_WORKING_DAYS = env_int("MEMBERSHIP_RESPONSE_WORKING_DAYS", 3)
MEMBERSHIP_HOLIDAYS = [
    date.fromisoformat(day).isoformat() for day in env_list("MEMBERSHIP_HOLIDAYS")
]
# An enquiry with the same contact email and city as one this many days before is marked
# as a possible duplicate of it.
MEMBERSHIP_DUPLICATE_WINDOW_DAYS = env_int("MEMBERSHIP_DUPLICATE_WINDOW_DAYS", 30)
# Submissions accepted per client address (0 turns a limit off), counted in this cache.
MEMBERSHIP_RATE_LIMIT_PER_MINUTE = env_int("MEMBERSHIP_RATE_LIMIT_PER_MINUTE", 5)
MEMBERSHIP_RATE_LIMIT_PER_DAY = env_int("MEMBERSHIP_RATE_LIMIT_PER_DAY", 30)
MEMBERSHIP_RATE_LIMIT_CACHE = "default"
# A form sent back sooner than this after it was opened is refused as automated.
MEMBERSHIP_MIN_FILL_SECONDS = env_int("MEMBERSHIP_MIN_FILL_SECONDS", 3)
# The email outbox (membership_forms.emails): a failed email is tried again after
# RETRY_SECONDS, then twice as long each time, MAX_ATTEMPTS times in all. A sender holds an
# email for LEASE_SECONDS (longer than EMAIL_TIMEOUT, so that a slow send is never taken over);
# one that died mid-send leaves it to the worker's sweep, every SWEEP_SECONDS, once that
# lease has run out.
MEMBERSHIP_EMAIL_MAX_ATTEMPTS = env_int("MEMBERSHIP_EMAIL_MAX_ATTEMPTS", 5)
MEMBERSHIP_EMAIL_RETRY_SECONDS = env_int("MEMBERSHIP_EMAIL_RETRY_SECONDS", 60)
MEMBERSHIP_EMAIL_LEASE_SECONDS = env_float("MEMBERSHIP_EMAIL_LEASE_SECONDS", 180)
MEMBERSHIP_EMAIL_SWEEP_SECONDS = env_float("MEMBERSHIP_EMAIL_SWEEP_SECONDS", 60)
# The application form's link (sent when staff move an enquiry on) works this many days.
MEMBERSHIP_APPLICATION_LINK_DAYS = env_int("MEMBERSHIP_APPLICATION_LINK_DAYS", 30)
# An applicant who has not sent the application form back this many working days after it
# was sent is reminded once (manage.py run_scheduled_work), and the enquiry flagged for staff.
MEMBERSHIP_APPLICATION_REMINDER_DAYS = env_int("MEMBERSHIP_APPLICATION_REMINDER_DAYS", 10)
# Closed enquiries with no activity for this many days are anonymised by the scheduler (as
# manage.py purge_membership_data does with its default).
# Reviewers' daily digests go out in the scheduler's first run from this local hour on.
MEMBERSHIP_DIGEST_HOUR = env_int("MEMBERSHIP_DIGEST_HOUR", 7)
MEMBERSHIP_PURGE_AFTER_DAYS = env_int("MEMBERSHIP_PURGE_AFTER_DAYS", 365)
# Days the link to an enquiry's status page (in every email to the applicant) keeps working.
MEMBERSHIP_STATUS_LINK_DAYS = env_int("MEMBERSHIP_STATUS_LINK_DAYS", 365)
# The link new members get to choose their Online Hub password works this many days.
MEMBERSHIP_SET_PASSWORD_LINK_DAYS = env_int("MEMBERSHIP_SET_PASSWORD_LINK_DAYS", 14)
# Proxies in front of the site that append the client's address to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Login throttling (home/throttle.py, django-axes): wrong passwords (and password reset
# requests) allowed per account and per client address within LOGIN_THROTTLE_MINUTES, counted
# in the shared cache; a lockout ends that long after the last counted failure.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 10)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 30)
LOGIN_THROTTLE_MINUTES = env_int("LOGIN_THROTTLE_MINUTES", 15)
AXES_HANDLER = "home.throttle.LoginThrottleHandler"
AXES_CACHE = "default"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # in this order (see LoginThrottleHandler)
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_ADDRESS
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_THROTTLE_MINUTES)
# Attempts refused during a lockout do not extend it, so nobody can keep a person locked out.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "membership_forms.spam.client_address"
AXES_LOCKOUT_CALLABLE = "home.throttle.locked_out"
# Usernames are not case-sensitive here for counting: "Admin" and "admin" share a count.
AXES_USERNAME_CALLABLE = "home.throttle.username_of"

# django-simple-captcha: pictures stay valid long enough to write a short note; the audio
# version is offered when the flite speech synthesiser is installed.
CAPTCHA_TIMEOUT = env_int("CAPTCHA_TIMEOUT_MINUTES", 30)
CAPTCHA_FLITE_PATH = env_str("CAPTCHA_FLITE_PATH") or shutil.which("flite")
CAPTCHA_FONT_SIZE = 28
