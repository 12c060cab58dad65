from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("<int:content_type_id>/<int:object_id>/", views.preview, name="preview"),
]
