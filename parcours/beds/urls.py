from django.urls import URLPattern, URLResolver, path

from parcours.beds import views

app_name = "beds"

urlpatterns: list[URLPattern | URLResolver] = [
    path("beds/", views.availability, name="availability"),
    path("beds/holds/", views.holds, name="holds"),
    path("beds/holds/<uuid:hold_id>/release/", views.hold_release, name="hold_release"),
    path("beds/beds/<uuid:target_id>/hold/", views.hold_new, {"kind": "bed"}, name="hold_bed"),
    path("beds/rooms/<uuid:target_id>/hold/", views.hold_new, {"kind": "room"}, name="hold_room"),
    path("beds/beds/<uuid:bed_id>/book-in/", views.book_in, name="book_in"),
    path("beds/stays/<uuid:stay_id>/book-out/", views.book_out, name="book_out"),
    path("beds/rooms/<uuid:room_id>/book-in/", views.room_book_in, name="room_book_in"),
    path("beds/bookings/<uuid:booking_id>/book-out/", views.room_book_out, name="room_book_out"),
    path("beds/sites/<uuid:site_id>/", views.site_detail, name="site"),
    path("beds/sites/<uuid:site_id>/roll-call/", views.roll_call, name="roll_call"),
    path("beds/sites/<uuid:site_id>/turnaways/", views.turnaways, name="turnaways"),
    path("beds/sites/<uuid:site_id>/restrictions/", views.restrictions, name="restrictions"),
    path(
        "beds/restrictions/<uuid:restriction_id>/lift/",
        views.restriction_lift,
        name="restriction_lift",
    ),
    path("beds/occupancy/", views.occupancy, name="occupancy"),
    path("beds/clients/<uuid:client_id>/", views.client_stays, name="client_stays"),
]

# The nightly list, a printable page and a PDF: parcours/beds/print_views.py.
from parcours.beds import print_views  # noqa: E402

urlpatterns += [
    path("beds/sites/<uuid:site_id>/tonight/", print_views.nightly, name="nightly"),
    path("beds/sites/<uuid:site_id>/tonight.pdf", print_views.nightly_pdf, name="nightly_pdf"),
]
