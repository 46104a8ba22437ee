from django.urls import path

from cornerstone.exercises import views

app_name = "exercises"

urlpatterns = [
    path("", views.index, name="index"),
    path("scenarios/new/", views.scenario_new, name="scenario-new"),
    path("scenarios/<int:version_id>/", views.version_detail, name="version"),
    path("scenarios/<int:version_id>/change/", views.version_edit, name="version-edit"),
    path("scenarios/<int:version_id>/stages/new/", views.stage_form, name="stage-new"),
    path("scenarios/<int:version_id>/stages/<int:stage_id>/", views.stage_form, name="stage-edit"),
    path("scenarios/<int:version_id>/stages/<int:stage_id>/remove/", views.stage_remove, name="stage-remove"),
    path("scenarios/<int:version_id>/review/", views.version_review, name="version-review"),
    path("scenarios/<int:version_id>/new-version/", views.version_new, name="version-new"),
    path("sessions/new/", views.session_new, name="session-new"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("sessions/<int:session_id>/tally.json", views.session_tally, name="session-tally"),
    path("sessions/<int:session_id>/advance/", views.session_advance, name="session-advance"),
    path("sessions/<int:session_id>/notes/", views.session_notes, name="session-notes"),
    path("sessions/<int:session_id>/close/", views.session_close, name="session-close"),
    path("sessions/<int:session_id>/report/", views.session_report, name="session-report"),
    path("sessions/<int:session_id>/report.pdf", views.session_report_pdf, name="session-report-pdf"),
    path("outcomes/", views.outcomes, name="outcomes"),
    # Participants: no account needed.
    path("join/", views.join, name="join"),
    path("join/session/", views.participant_page, name="participant"),
    path("join/session/state.json", views.participant_state, name="participant-state"),
]
