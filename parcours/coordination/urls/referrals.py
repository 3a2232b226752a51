"""Routes of the coordination app: referrals and the notification inbox."""

from __future__ import annotations

from django.urls import path

from parcours.coordination.views import referrals as views

urlpatterns = [
    path("referrals/", views.referral_inbox, name="referral_inbox"),
    path("referrals/reviews/", views.referral_reviews, name="referral_reviews"),
    path("referrals/<uuid:referral_id>/", views.referral_detail, name="referral_detail"),
    path(
        "referrals/<uuid:referral_id>/status/",
        views.referral_transition,
        name="referral_transition",
    ),
    path("referrals/<uuid:referral_id>/messages/", views.referral_message, name="referral_message"),
    path("referrals/<uuid:referral_id>/enroll/", views.referral_enroll, name="referral_enroll"),
    path("clients/<uuid:client_id>/referrals/", views.client_referrals, name="client_referrals"),
    path("clients/<uuid:client_id>/referrals/new/", views.referral_new, name="referral_new"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read_all, name="notifications_read_all"),
    path(
        "notifications/<uuid:notification_id>/open/",
        views.notification_open,
        name="notification_open",
    ),
]

# The printable summary (a PDF): parcours/coordination/views/print.py.
from parcours.coordination.views import printing as print_views  # noqa: E402

urlpatterns.append(
    path(
        "referrals/<uuid:referral_id>/summary.pdf",
        print_views.referral_summary_print,
        name="referral_summary_print",
    )
)
