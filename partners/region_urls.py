"""Region and country pages, under /<language>/regions/ (included by next2met.urls)."""

from django.urls import path, register_converter

from partners import views


class PlaceCode:
    """A country's ISO code (DE) or a NUTS code (DE80), in capitals."""

    regex = "[A-Z]{2}[0-9A-Z]{0,3}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PlaceCode, "place")

app_name = "regions"

urlpatterns = [
    path("", views.RegionListView.as_view(), name="index"),
    path("<place:code>/", views.PlaceDetailView.as_view(), name="detail"),
]
