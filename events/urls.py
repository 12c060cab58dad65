from django.urls import path

from events import series_views, views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="index"),
    path("calendar.ics", views.events_feed, name="feed"),
    path("registration/<str:token>/", views.ManageView.as_view(), name="manage"),
    path("registration/<str:token>/erase/", views.EraseView.as_view(), name="manage_erase"),
    path(
        "registration/<str:token>/calendar.ics",
        views.registration_calendar_file,
        name="manage_calendar",
    ),
    path(
        "registration/<str:token>/feedback/",
        views.FeedbackView.as_view(),
        name="manage_feedback",
    ),
    path(
        "registration/<str:token>/certificate.pdf",
        views.registration_certificate,
        name="manage_certificate",
    ),
    path("series/<slug:slug>/", series_views.SeriesView.as_view(), name="series"),
    path("series/<slug:slug>/sent/", series_views.series_sent, name="series_sent"),
    path(
        "series/<slug:slug>/registration/<str:token>/",
        series_views.SeriesConfirmView.as_view(),
        name="series_confirm",
    ),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", views.event_calendar_file, name="calendar"),
    path("<slug:slug>/register/", views.RegisterView.as_view(), name="register"),
    path(
        "<slug:slug>/register/sent/",
        views.RegistrationSentView.as_view(),
        name="registration_sent",
    ),
]
