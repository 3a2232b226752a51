from django.urls import path

from parcours.linkage import views

app_name = "linkage"

urlpatterns = [
    path("linkage/candidates/", views.candidates, name="candidates"),
    path("linkage/requests/", views.request_list, name="requests"),
    path("linkage/requests/new/", views.request_create, name="request_create"),
    path("linkage/requests/<uuid:request_id>/answer/", views.request_answer, name="request_answer"),
]
