from django.urls import path

from cornerstone.panels import views

app_name = "panels"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.panel_new, name="panel-new"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:action_id>/complete/", views.action_complete, name="action-complete"),
    path("<int:panel_id>/", views.panel_detail, name="panel"),
    path("<int:panel_id>/members/new/", views.member_add, name="member-add"),
    path("<int:panel_id>/members/<int:member_id>/remove/", views.member_remove, name="member-remove"),
    path("<int:panel_id>/chair/", views.chair_set, name="chair"),
    path("<int:panel_id>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/agenda/refresh/", views.agenda_refresh, name="agenda-refresh"),
    path("meetings/<int:meeting_id>/agenda/new/", views.agenda_add, name="agenda-add"),
    path("meetings/<int:meeting_id>/agenda/<int:item_id>/remove/", views.agenda_remove, name="agenda-remove"),
    path("meetings/<int:meeting_id>/agenda/<int:item_id>/move/", views.agenda_move, name="agenda-move"),
    path("meetings/<int:meeting_id>/publish/", views.publish, name="publish"),
    path("meetings/<int:meeting_id>/attendance/", views.attendance, name="attendance"),
    path(
        "meetings/<int:meeting_id>/attendance/<int:attendance_id>/remove/",
        views.attendance_remove,
        name="attendance-remove",
    ),
    path("meetings/<int:meeting_id>/close/", views.close, name="close"),
    path("meetings/<int:meeting_id>/minutes.pdf", views.minutes_pdf, name="minutes-pdf"),
    path("items/<int:item_id>/", views.item_detail, name="item"),
    path("items/<int:item_id>/actions/new/", views.action_new, name="action-new"),
    path("cases/<int:referral_id>/", views.member_case, name="case"),
]
