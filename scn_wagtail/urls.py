from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from home.sitemaps import TranslatedSitemap
from home.throttle import PasswordResetView
from membership_forms import urls as membership_urls
from membership_forms import views as membership_views

# Django's own 400 handler runs the CSRF check again, which reads the unreadable form again.
handler400 = "home.middleware.bad_request"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/password_reset/", PasswordResetView.as_view()),  # throttled; Wagtail's own
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("captcha/", include("captcha.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon, name="favicon"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The living style guide (docs/style-guide.md): only where the settings install it, which the
# dev settings do while DEBUG is on and the test settings always do; production never does.
if apps.is_installed("pattern_library"):
    urlpatterns.append(path("pattern-library/", include("pattern_library.urls")))

# What visitors read, in each language under its prefix: /en/, /fr/, /ar/ (issue 11). Old
# addresses without a prefix redirect to /en/ (home.middleware.LanguageMiddleware).
urlpatterns += i18n_patterns(
    path("search/", home_views.search, name="search"),
    path("account/login/", home_views.LoginView.as_view(), name="account_login"),
    path(
        "account/logout/",
        # The home page in the language of the page the visitor logged out from.
        auth_views.LogoutView.as_view(next_page=reverse_lazy("wagtail_serve", args=[""])),
        name="account_logout",
    ),
    path(
        "account/set-password/done/",
        membership_views.SetPasswordDoneView.as_view(),
        name="account_set_password_done",
    ),
    path(
        "account/set-password/<uidb64>/<token>/",
        membership_views.SetPasswordView.as_view(),
        name="account_set_password",
    ),
    path("membership/", include(membership_urls)),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
