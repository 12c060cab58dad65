from django.urls import path

from events import views

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
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", views.event_calendar_file, name="calendar"),
    path("<slug:slug>/register/", views.RegisterView.as_view(), name="register"),
    path(
        "<slug:slug>/register/sent/",
        views.RegistrationSentView.as_view(),
        name="registration_sent",
    ),
]
