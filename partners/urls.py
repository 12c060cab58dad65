from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="index"),
    path("<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
]
