"""Public addresses of the membership workflow (the admin's are in admin_urls.py)."""

from django.urls import path

from . import views

app_name = "membership"
urlpatterns = [
    path("application/<str:token>/", views.application, name="application"),
    path("status/<str:token>/", views.enquiry_status, name="status"),
]
