"""The links of campaign email, sent messages read again and the newsletter archive (under /mail/, which the
supporters' site forwards to Django)."""

from django.urls import path

from . import views

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="mail_unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="mail_preferences"),
    path("view/<str:token>/", views.web_version, name="mail_web_version"),
    path("click/<str:token>/<int:index>/", views.click, name="mail_click"),
    path("open/<str:token>/", views.opened, name="mail_open"),
    path("sent/<str:token>/", views.sent_message, name="mail_sent_message"),
    path("archive/<int:pk>/", views.archive_copy, name="mail_archive_copy"),
    path("<slug:provider>/tracking/", views.tracking_webhook, name="mail_tracking_webhook"),
]
