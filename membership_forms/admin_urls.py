from django.urls import path

from . import admin_views, views

app_name = "membership_forms"
urlpatterns = [
    path("enquiries/<int:pk>/", views.enquiry, name="enquiry"),
    path("enquiries/<int:pk>/steps/<slug:step>/", admin_views.enquiry_step, name="enquiry_step"),
    path("enquiries/<int:pk>/assign/", admin_views.enquiry_assign, name="enquiry_assign"),
    path("enquiries/<int:pk>/notes/", admin_views.enquiry_add_note, name="enquiry_add_note"),
]
