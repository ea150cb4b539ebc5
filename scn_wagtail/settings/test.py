import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-" + "t" * 40  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="scn-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "scn-tests",
    }
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Off, but in the tests of it (tests/home/test_warming.py): a test's transaction never commits.
PAGE_CACHE_WARM_AFTER_PUBLISH = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# The living style guide at /pattern-library/, so that tests render every pattern.
from .pattern_library import PATTERN_LIBRARY, STYLE_GUIDE_APPS, STYLE_GUIDE_PATH  # noqa: E402, F401

INSTALLED_APPS = [*INSTALLED_APPS, *STYLE_GUIDE_APPS]  # noqa: F405
PAGE_CACHE_EXCLUDED_PATHS = (*PAGE_CACHE_EXCLUDED_PATHS, STYLE_GUIDE_PATH)  # noqa: F405
