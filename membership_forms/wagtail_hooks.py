from django.urls import include, path

from wagtail import hooks

from . import admin_urls


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("membership/", include(admin_urls, namespace="membership_forms"))]
