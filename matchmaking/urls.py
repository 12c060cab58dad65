"""Matchmaking pages under a registration's secret link (next2met.urls mounts them at
/<language>/events/registration/<token>/matchmaking/)."""

from django.urls import path

from matchmaking import views

app_name = "matchmaking"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("ask/<int:other>/", views.AskView.as_view(), name="ask"),
    path("agenda/", views.AgendaView.as_view(), name="agenda"),
    path("agenda.ics", views.AgendaCalendarView.as_view(), name="agenda_calendar"),
]
