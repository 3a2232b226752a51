from django.urls import path

from parcours.linkage import views

app_name = "linkage"

urlpatterns = [
    path("linkage/candidates/", views.candidates, name="candidates"),
    path("linkage/likely/", views.likely, name="likely"),
    path("linkage/requests/", views.request_list, name="requests"),
    path("linkage/requests/new/", views.request_create, name="request_create"),
    path("linkage/requests/<uuid:request_id>/answer/", views.request_answer, name="request_answer"),
    path("linkage/review/", views.review_queue, name="review_queue"),
    path("linkage/review/<uuid:candidate_id>/", views.review_item, name="review_item"),
    path("linkage/merges/<uuid:merge_id>/undo/", views.merge_undo, name="merge_undo"),
]
