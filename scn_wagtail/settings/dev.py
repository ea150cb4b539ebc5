import contextlib
import importlib.util

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
# A fixed key is fine on a developer's machine only; production refuses to start without one.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-secret-key-not-for-production-" + "x" * 20)  # noqa: S105
# Links in emails lead to the development server where `make run PORT=…` serves it.
WAGTAILADMIN_BASE_URL = env_str(
    "WAGTAILADMIN_BASE_URL", f"http://127.0.0.1:{env_str('PORT', '8000')}"
)

# The living style guide at /pattern-library/, while debugging (docs/style-guide.md), where
# the dev extra is installed (`make install` installs it).
if DEBUG and importlib.util.find_spec("pattern_library"):
    from .pattern_library import PATTERN_LIBRARY, STYLE_GUIDE_APPS, STYLE_GUIDE_PATH  # noqa: F401

    INSTALLED_APPS = [*INSTALLED_APPS, *STYLE_GUIDE_APPS]  # noqa: F405
    PAGE_CACHE_EXCLUDED_PATHS = (*PAGE_CACHE_EXCLUDED_PATHS, STYLE_GUIDE_PATH)  # noqa: F405

# A developer's own overrides, never committed.
with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
