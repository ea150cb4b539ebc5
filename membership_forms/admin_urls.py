from django.urls import path

from . import views

app_name = "membership_forms"
urlpatterns = [
    path("enquiries/<int:pk>/", views.enquiry, name="enquiry"),
]
