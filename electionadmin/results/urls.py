"""The results screens. Mounted under django-admin/ before the admin's own URLs, in
the `results` namespace together with the screens that print the forms
(documents/urls.py, config/urls.py)."""

from django.urls import path

from . import board_views, list_views, minutes_views, round_views

RECORD = "ket-qua/bien-ban/<int:pk>/"
urlpatterns = [
    path("ket-qua/", list_views.index, name="index"),
    path("ket-qua/nhap/", list_views.entry_list, name="entry_list"),
    path("ket-qua/mo/", list_views.open_view, name="open"),
    path(
        "ket-qua/nhap/khu-vuc/<int:area_id>/cuoc/<int:contest_id>/",
        minutes_views.new_entry_view,
        name="new_entry",
    ),
    path(RECORD, minutes_views.record_view, name="record"),
    path(f"{RECORD}nhap/", minutes_views.entry_view, name="entry"),
    path(f"{RECORD}chenh-lech/", minutes_views.mismatch_view, name="mismatch"),
    path(f"{RECORD}gui/", minutes_views.submit_view, name="submit"),
    path(f"{RECORD}giai-trinh/", minutes_views.explain_view, name="explain"),
    path(f"{RECORD}chap-nhan/", minutes_views.accept_view, name="accept"),
    path(f"{RECORD}mo-lai/", minutes_views.reopen_view, name="reopen"),
    path(f"{RECORD}huy/", minutes_views.discard_view, name="discard"),
    path("ket-qua/ban/<int:pk>/", board_views.board_view, name="board"),
    path(
        "ket-qua/ban/<int:pk>/chap-nhan/",
        board_views.accept_submitted,
        name="accept_submitted",
    ),
    path("ket-qua/uy-ban/<int:pk>/", board_views.committee_view, name="committee"),
    path("ket-qua/uy-ban/<int:pk>/xac-nhan/", board_views.certify_view, name="certify"),
    path(
        "ket-qua/uy-ban/<int:pk>/huy-xac-nhan/",
        board_views.revoke_view,
        name="revoke",
    ),
    path(
        "ket-qua/uy-ban/<int:pk>/bau-cu-lai-bau-cu-them/",
        round_views.rounds_view,
        name="rounds",
    ),
    path(
        "ket-qua/uy-ban/<int:pk>/xac-nhan-tu-cach/",
        round_views.confirm_view,
        name="confirm",
    ),
]
