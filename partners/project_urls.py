"""Project pages, under /<language>/projects/ (included by next2met.urls)."""

from django.urls import path

from partners import views

app_name = "projects"

urlpatterns = [
    path("<slug:slug>/", views.ProjectDetailView.as_view(), name="detail"),
]
