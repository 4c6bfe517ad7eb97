from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from learners.models import Attempt, Classroom, Enrollment, Exercise, ImportRun, School, Skill, Student, Teacher


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services and imports: staff may look, never edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "classroom_count", "created_at"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(classroom_total=Count("classrooms"))

    @admin.display(description=_("classrooms"), ordering="classroom_total")
    def classroom_count(self, obj):
        return obj.classroom_total


@admin.register(Teacher)
class TeacherAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "school"]
    list_filter = ["school"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    autocomplete_fields = ["user", "school"]
    list_select_related = ["user", "school"]


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "external_id", "user", "school", "created_at"]
    list_filter = ["school", ("user", admin.EmptyFieldListFilter)]
    search_fields = ["display_name", "external_id", "user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "school"]
    list_select_related = ["user", "school"]


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    autocomplete_fields = ["student"]
    extra = 0


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "student_count", "created_at"]
    list_filter = ["school"]
    search_fields = ["name", "school__name"]
    autocomplete_fields = ["school", "teachers", "skills"]
    inlines = [EnrollmentInline]
    list_select_related = ["school"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(student_total=Count("enrollments"))

    @admin.display(description=_("students"), ordering="student_total")
    def student_count(self, obj):
        return obj.student_total


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "prerequisite_names"]
    search_fields = ["name", "code", "description"]
    autocomplete_fields = ["prerequisites"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("prerequisites")

    @admin.display(description=_("prerequisites"))
    def prerequisite_names(self, obj):
        return ", ".join(p.name for p in obj.prerequisites.all())


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "skill", "answer_kind", "source", "external_id"]
    list_filter = ["answer_kind", "source", "skill"]
    search_fields = ["prompt", "external_id", "skill__name"]
    autocomplete_fields = ["skill"]
    list_select_related = ["skill"]


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = ["submitted_at", "student", "skill", "correct", "score", "hints_used", "duration_seconds", "source"]
    list_filter = ["correct", "source"]
    search_fields = ["student__external_id", "student__display_name", "student__user__username", "skill__name",
                     "idempotency_key"]
    date_hierarchy = "submitted_at"
    list_select_related = ["student", "student__user", "skill"]
    show_full_result_count = False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "file_name", "file_format", "rows_read", "rows_written", "rows_duplicate",
                    "rows_invalid", "seconds"]
    list_filter = ["file_format"]
    search_fields = ["file_name", "file_sha256"]
