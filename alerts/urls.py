from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("manage/<str:token>/", views.ManageView.as_view(), name="manage"),
    path("manage/<str:token>/erase/", views.EraseView.as_view(), name="manage_erase"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("<slug:kind>/", views.SubscribeView.as_view(), name="subscribe"),
    path("<slug:kind>/sent/", views.subscribe_sent, name="subscribe_sent"),
]
