from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal.api import api
from portal.views import (
    accounts, exports, privacy, site, staff, staff_tokens, student, student_practice, teacher_assignments,
    teacher_classroom, teacher_exercises, teacher_roster, teacher_student, teacher_uploads, xapi,
)

urlpatterns = [
    path("", site.home, name="home"),
    path("healthz", site.healthz, name="healthz"),
    path("plan/", student.my_plan, name="my-plan"),
    path("practice/", student_practice.practice, name="practice"),
    path("practice/skip/", student_practice.practice_skip, name="practice-skip"),
    path("progress/", student.my_progress, name="my-progress"),
    path("progress/charts/<slug:chart>.csv", exports.my_progress_chart, name="my-progress-chart"),
    path("classrooms/new/", teacher_roster.classroom_new, name="classroom-new"),
    path("classrooms/<int:classroom_id>/", teacher_classroom.classroom, name="classroom"),
    path("classrooms/<int:classroom_id>/course/", teacher_roster.classroom_edit, name="classroom-edit"),
    path("classrooms/<int:classroom_id>/students/", teacher_roster.classroom_students, name="classroom-students"),
    path("classrooms/<int:classroom_id>/students/upload/", teacher_roster.roster_upload, name="roster-upload"),
    path("classrooms/<int:classroom_id>/students/enroll/", teacher_roster.classroom_enroll, name="classroom-enroll"),
    path("classrooms/<int:classroom_id>/students/<int:student_id>/unenroll/", teacher_roster.classroom_unenroll,
         name="classroom-unenroll"),
    path("classrooms/<int:classroom_id>/cards/", teacher_roster.login_cards, name="login-cards"),
    path("classrooms/<int:classroom_id>/cards/print/", teacher_roster.login_cards_print, name="login-cards-print"),
    path("classrooms/<int:classroom_id>/attempts/upload/", teacher_uploads.attempts_upload, name="attempts-upload"),
    path("uploads/<int:upload_id>/", teacher_uploads.upload_status, name="attempts-upload-status"),
    path("uploads/<int:upload_id>/import/", teacher_uploads.upload_import, name="attempts-upload-import"),
    path("uploads/<int:upload_id>/status.json", teacher_uploads.upload_status_json, name="attempts-upload-json"),
    path("classrooms/<int:classroom_id>/export/<slug:table>.csv", exports.classroom_table, name="classroom-export"),
    path("classrooms/<int:classroom_id>/charts/<slug:chart>.csv", exports.classroom_chart, name="classroom-chart"),
    path("classrooms/<int:classroom_id>/attention/", teacher_classroom.attention, name="classroom-attention"),
    path("classrooms/<int:classroom_id>/cohorts/", teacher_classroom.cohorts, name="classroom-cohorts"),
    path("classrooms/<int:classroom_id>/skills/<int:skill_id>/", teacher_classroom.skill, name="classroom-skill"),
    path("classrooms/<int:classroom_id>/skills/<int:skill_id>/charts/<slug:chart>.csv", exports.skill_chart,
         name="classroom-skill-chart"),
    path("classrooms/<int:classroom_id>/skills/<int:skill_id>/exercises/", teacher_exercises.exercises,
         name="skill-exercises"),
    path("classrooms/<int:classroom_id>/skills/<int:skill_id>/exercises/new/", teacher_exercises.exercise_edit,
         name="exercise-new"),
    path("classrooms/<int:classroom_id>/skills/<int:skill_id>/exercises/<int:exercise_id>/",
         teacher_exercises.exercise_edit, name="exercise-edit"),
    path("classrooms/<int:classroom_id>/skills/<int:skill_id>/exercises/<int:exercise_id>/delete/",
         teacher_exercises.exercise_delete, name="exercise-delete"),
    path("classrooms/<int:classroom_id>/skills/<int:skill_id>/exercises.<str:fmt>",
         teacher_exercises.exercises_export, name="skill-exercises-export"),
    path("classrooms/<int:classroom_id>/assignments/", teacher_assignments.assignment_list,
         name="classroom-assignments"),
    path("classrooms/<int:classroom_id>/assignments/<int:assignment_id>/", teacher_assignments.assignment,
         name="assignment"),
    path("classrooms/<int:classroom_id>/assignments/<int:assignment_id>/archive/",
         teacher_assignments.assignment_archive, name="assignment-archive"),
    path("students/<int:student_id>/plan/", teacher_student.student_plan, name="student-plan"),
    path("students/<int:student_id>/password/", teacher_roster.student_password, name="student-password"),
    path("students/<int:student_id>/charts/<slug:chart>.csv", exports.student_chart, name="student-chart"),
    path("overrides/<int:override_id>/withdraw/", teacher_student.override_withdraw, name="override-withdraw"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/reset/", accounts.password_reset, name="password_reset"),
    path("accounts/password/reset/sent/", accounts.password_reset_done, name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/", accounts.PasswordResetConfirm.as_view(),
         name="password_reset_confirm"),
    path("accounts/password/reset/done/", accounts.password_reset_complete, name="password_reset_complete"),
    path("accounts/password/change/", accounts.PasswordChange.as_view(), name="password_change"),
    path("accounts/password/change/done/", accounts.password_change_done, name="password_change_done"),
    path("staff/models/", staff.models_page, name="staff-models"),
    path("staff/models/runs.json", staff.runs_json, name="staff-runs-json"),
    path("staff/models/retrain/", staff.retrain, name="staff-retrain"),
    path("staff/models/<int:version_id>/activate/", staff.activate, name="staff-activate"),
    path("staff/students/<int:student_id>/privacy/", privacy.student_privacy, name="staff-student-privacy"),
    path("staff/students/<int:student_id>/export.zip", privacy.student_export, name="staff-student-export"),
    path("staff/students/<int:student_id>/erase/", privacy.student_erase, name="staff-student-erase"),


    path("staff/api-tokens/", staff_tokens.tokens_page, name="staff-api-tokens"),
    path("staff/api-tokens/<int:token_id>/revoke/", staff_tokens.token_revoke, name="staff-api-token-revoke"),
    path("api/v1/", api.urls),
    path("xapi/statements", xapi.statements, name="xapi-statements"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_PATH, admin.site.urls),
]

# Errors are answered by Django's default handlers with templates/400.html, 403.html, 404.html and 500.html; an
# unanswering database by a 503 with Retry-After (portal/views/errors.py).
handler500 = "portal.views.errors.server_error"
