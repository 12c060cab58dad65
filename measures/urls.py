from django.urls import path

from measures import feeds, views

app_name = "measures"

urlpatterns = [
    path("", views.MeasureListView.as_view(), name="index"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("feed.atom", feeds.LatestMeasuresFeed(), name="feed"),
    path("<slug:slug>/", views.MeasureDetailView.as_view(), name="detail"),
    path("<slug:slug>/factsheet.pdf", views.factsheet_pdf, name="factsheet"),
]
