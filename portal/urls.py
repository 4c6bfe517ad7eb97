from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal import authoring, practice, progress, staff, teacher, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("plan/", views.my_plan, name="my-plan"),
    path("practice/", practice.practice, name="practice"),
    path("practice/skip/", practice.practice_skip, name="practice-skip"),
    path("progress/", progress.my_progress, name="my-progress"),
    path("classrooms/<int:classroom_id>/", teacher.classroom, name="classroom"),
    path("classrooms/<int:classroom_id>/attention/", teacher.attention, name="classroom-attention"),
    path("classrooms/<int:classroom_id>/cohorts/", teacher.cohorts, name="classroom-cohorts"),
    path("classrooms/<int:classroom_id>/skills/<int:skill_id>/", teacher.skill, name="classroom-skill"),
    path("classrooms/<int:classroom_id>/skills/<int:skill_id>/exercises/", authoring.exercises,
         name="skill-exercises"),
    path("classrooms/<int:classroom_id>/skills/<int:skill_id>/exercises/new/", authoring.exercise_edit,
         name="exercise-new"),
    path("classrooms/<int:classroom_id>/skills/<int:skill_id>/exercises/<int:exercise_id>/", authoring.exercise_edit,
         name="exercise-edit"),
    path("classrooms/<int:classroom_id>/skills/<int:skill_id>/exercises/<int:exercise_id>/delete/",
         authoring.exercise_delete, name="exercise-delete"),
    path("classrooms/<int:classroom_id>/skills/<int:skill_id>/exercises.<str:fmt>", authoring.exercises_export,
         name="skill-exercises-export"),
    path("students/<int:student_id>/plan/", views.student_plan, name="student-plan"),
    path("overrides/<int:override_id>/withdraw/", views.override_withdraw, name="override-withdraw"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/models/", staff.models_page, name="staff-models"),
    path("staff/models/runs.json", staff.runs_json, name="staff-runs-json"),
    path("staff/models/retrain/", staff.retrain, name="staff-retrain"),
    path("staff/models/<int:version_id>/activate/", staff.activate, name="staff-activate"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
