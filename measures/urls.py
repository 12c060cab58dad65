from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
]
