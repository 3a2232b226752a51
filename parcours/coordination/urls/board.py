"""Routes of the coordination app: board (the ACT daily team meeting) and
a client's appointments."""

from __future__ import annotations

from django.urls import URLPattern, path

from parcours.coordination.views import appointments, board

urlpatterns: list[URLPattern] = [
    path("board/", board.board_list, name="boards"),
    path("board/<uuid:program_id>/", board.board, name="board"),
    path("board/<uuid:program_id>/assign/", board.board_assign, name="board_assign"),
    path("board/<uuid:program_id>/update/", board.board_update, name="board_update"),
    path("board/<uuid:program_id>/crisis/", board.board_crisis_raise, name="board_crisis_raise"),
    path(
        "board/assignments/<uuid:assignment_id>/remove/",
        board.board_unassign,
        name="board_unassign",
    ),
    path("board/crisis/<uuid:flag_id>/lift/", board.board_crisis_lift, name="board_crisis_lift"),
    path(
        "clients/<uuid:client_id>/appointments/",
        appointments.appointment_list,
        name="appointments",
    ),
    path(
        "clients/<uuid:client_id>/appointments/new/",
        appointments.appointment_new,
        name="appointment_new",
    ),
    path(
        "appointments/<uuid:appointment_id>/outcome/",
        appointments.appointment_outcome,
        name="appointment_outcome",
    ),
    path(
        "appointments/<uuid:appointment_id>/follow-up/",
        appointments.appointment_follow_up,
        name="appointment_follow_up",
    ),
]
