from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django import forms
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from learners.services import accounts, api_tokens, prerequisites, privacy, rosters, training, versions, xapi
from learners.models import (
    AccountPolicy, ApiToken, Attempt, AttemptUpload, AuditEntry, Classroom, Cohort, Enrollment, Exercise, ImportRun,
    ModelVersion, PlanItem, PlanOverride, PrerequisiteSuggestion, RunStatus, School, SchoolPrerequisite, Skill,
    Student, StudentModel, StudentNeighbour, StudyPlan, Teacher, TrainingRun, XapiActivity, XapiStatement,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services and imports: staff may look, never edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RosterAdmin(admin.ModelAdmin):
    """Teachers, students and classrooms edited here are recorded in the audit log (in the admin's transaction):
    created or which fields changed, and each student enrolled or unenrolled on a classroom's page."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        rosters.roster_save_record(obj=obj, created=not change, changed=form.changed_data, actor=request.user)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Enrollment:
            for enrolment, enrolled in [(e, True) for e in formset.new_objects] + [
                    (e, False) for e in formset.deleted_objects]:
                rosters.enrolment_record(enrolment=enrolment, enrolled=enrolled, actor=request.user)


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
class TeacherAdmin(RosterAdmin):
    list_display = ["__str__", "user", "school"]
    list_filter = ["school"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    autocomplete_fields = ["user", "school"]
    list_select_related = ["user", "school"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserAdmin(auth_admin.UserAdmin):
    actions = ["require_password_change"]

    @admin.action(description=_("Require a new password at the next visit"), permissions=["change"])
    def require_password_change(self, request, queryset):
        for user in queryset:
            accounts.password_change_require(user=user, actor=request.user)
        self.message_user(request, _("These users will choose a new password before anything else."),
                          messages.SUCCESS)

    def user_change_password(self, request, id, form_url=""):
        """Django's page that sets another user's password, recorded in the audit log in the same transaction."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                accounts.password_set_record(user=self.get_object(request, unquote(id)), actor=request.user)
        return response


@admin.register(AccountPolicy)
class AccountPolicyAdmin(admin.ModelAdmin):
    list_display = ["user", "must_change_password", "updated_at"]
    list_editable = ["must_change_password"]
    list_filter = ["must_change_password"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


@admin.register(Student)
class StudentAdmin(RosterAdmin):
    """Students are created and changed here; removed only by erasure (their privacy page), which removes every
    row about them and is recorded."""

    list_display = ["__str__", "external_id", "user", "school", "created_at", "privacy_link"]
    list_filter = ["school", ("user", admin.EmptyFieldListFilter)]
    search_fields = ["display_name", "external_id", "user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "school"]
    list_select_related = ["user", "school"]
    actions = ["export_everything"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("privacy"))
    def privacy_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("staff-student-privacy", args=[obj.pk]),
                           _("export or erase"))

    @admin.action(description=_("Download everything held about the selected student"), permissions=["view"])
    def export_everything(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one student to export."), messages.ERROR)
            return None
        student = queryset.get()
        response = HttpResponse(privacy.student_export(student=student, actor=request.user),
                                content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="student-{student.pk}.zip"'
        return response


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    autocomplete_fields = ["student"]
    extra = 0


@admin.register(Classroom)
class ClassroomAdmin(RosterAdmin):
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
    list_display = ["name", "code"]
    search_fields = ["name", "code", "description"]


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


@admin.register(AttemptUpload)
class AttemptUploadAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "file_name", "uploaded_by", "classroom", "status", "rows_valid", "rows_written"]
    list_filter = ["status"]
    search_fields = ["file_name", "uploaded_by__username"]


def _progress_bar(run):
    return format_html('<progress max="100" value="{}" title="{}%"></progress> {}/{}', run.percent, run.percent,
                       run.epoch, run.epochs_total)


@admin.register(ModelVersion)
class ModelVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "auc", "n_students", "n_attempts", "train_seconds", "device", "created_at",
                    "activated_at"]
    list_filter = ["status", "device"]
    search_fields = ["reason", "code_version"]
    actions = ["activate"]

    @admin.display(description=_("validation AUC"))
    def auc(self, obj):
        return "—" if obj.valid_auc is None else f"{obj.valid_auc:.4f}"

    @admin.action(description=_("Activate the selected version (roll back to it)"))
    def activate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one version to activate."), messages.ERROR)
            return
        version = queryset.get()
        try:
            versions.version_rollback_request(version=version, requested_by=request.user)
        except ValueError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, _("%(version)s is being activated.") % {"version": version}, messages.SUCCESS)

    def has_change_permission(self, request, obj=None):
        # The changelist's action, never the edit form; for staff allowed to manage models.
        return request.user.has_perm("learners.change_modelversion") and obj is None


@admin.register(TrainingRun)
class TrainingRunAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "stage", "progress", "last_valid_auc", "version", "queued_at", "finished_at"]
    list_filter = ["status"]
    search_fields = ["error", "task_id"]
    change_list_template = "admin/learners/trainingrun/change_list.html"

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return _progress_bar(obj)

    @admin.display(description=_("validation AUC"))
    def last_valid_auc(self, obj):
        return f"{obj.history[-1]['valid_auc']:.4f}" if obj.history else "—"

    def get_urls(self):
        retrain = path("retrain/", self.admin_site.admin_view(self.retrain_view), name="learners_trainingrun_retrain")
        return [retrain] + super().get_urls()

    def retrain_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("learners.change_modelversion"):
            raise PermissionDenied
        try:
            run = training.retrain_request(requested_by=request.user)
        except training.TrainingInProgress as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, _("Training run %(run)s is queued.") % {"run": run.pk}, messages.SUCCESS)
        return redirect("admin:learners_trainingrun_changelist")

    def changelist_view(self, request, extra_context=None):
        running = TrainingRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists()
        return super().changelist_view(request, {"refresh_seconds": 3 if running else 0} | (extra_context or {}))


@admin.register(StudentModel)
class StudentModelAdmin(ReadOnlyAdmin):
    list_display = ["student", "version", "n_attempts", "cohort", "updated_at"]
    list_filter = ["version"]
    search_fields = ["student__external_id", "student__display_name"]
    list_select_related = ["student", "version", "cohort"]


@admin.register(StudentNeighbour)
class StudentNeighbourAdmin(ReadOnlyAdmin):
    list_display = ["student", "rank", "neighbour", "distance", "version"]
    list_filter = ["version"]
    search_fields = ["student__external_id", "neighbour__external_id"]
    list_select_related = ["student", "neighbour", "version"]


@admin.register(Cohort)
class CohortAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "version", "size"]
    list_filter = ["version"]


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    fields = ["position", "session", "skill", "exercise", "reason", "p_success", "expected_gain", "pinned"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StudyPlan)
class StudyPlanAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "student", "number", "is_current", "version", "created_at"]
    list_filter = ["is_current"]
    search_fields = ["student__external_id", "student__display_name", "student__user__username"]
    list_select_related = ["student", "student__user", "version"]
    inlines = [PlanItemInline]


@admin.register(PlanOverride)
class PlanOverrideAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "student", "action", "skill", "position", "reason", "author", "active"]
    list_filter = ["action", "active"]
    search_fields = ["student__external_id", "student__display_name", "skill__name", "reason"]
    list_select_related = ["student", "skill", "author"]


@admin.register(PrerequisiteSuggestion)
class PrerequisiteSuggestionAdmin(ReadOnlyAdmin):
    list_display = ["prerequisite", "dependant", "score", "support", "status", "decided_by"]
    list_filter = ["status"]
    search_fields = ["prerequisite__name", "dependant__name"]
    list_select_related = ["prerequisite", "dependant", "decided_by"]
    actions = ["accept", "dismiss"]

    def has_change_permission(self, request, obj=None):
        # The changelist's actions, never the edit form; for staff allowed to change skills.
        return request.user.has_perm("learners.change_skill") and obj is None

    def _decide(self, request, queryset, accept: bool):
        decided = 0
        for suggestion in queryset.select_related("prerequisite", "dependant"):
            try:
                skipped = prerequisites.prerequisite_suggestion_decide(suggestion=suggestion, accept=accept,
                                                                       user=request.user)
                decided += 1
            except ValidationError as error:  # a link that would close a loop: left as proposed, and said
                self.message_user(request, " ".join(error.messages), messages.WARNING)
                continue
            if skipped:
                self.message_user(request, _("%(p)s → %(s)s not added in %(schools)s: it would make a loop there.") % {
                    "p": suggestion.prerequisite.name, "s": suggestion.dependant.name,
                    "schools": ", ".join(school.name for school in skipped)}, messages.WARNING)
        self.message_user(request, _("%(n)d suggestions decided.") % {"n": decided}, messages.SUCCESS)

    @admin.action(description=_("Accept: add as prerequisites in every school where it makes no loop"))
    def accept(self, request, queryset):
        self._decide(request, queryset, accept=True)

    @admin.action(description=_("Dismiss"))
    def dismiss(self, request, queryset):
        self._decide(request, queryset, accept=False)


class SchoolPrerequisiteForm(forms.ModelForm):
    class Meta:
        model = SchoolPrerequisite
        fields = ["school", "skill", "prerequisite"]

    def clean(self):
        data = super().clean()
        if all(data.get(name) for name in ("school", "skill", "prerequisite")):
            prerequisites.prerequisite_link_check(school=data["school"], skill=data["skill"],
                                                  prerequisite=data["prerequisite"])
        return data


@admin.register(SchoolPrerequisite)
class SchoolPrerequisiteAdmin(admin.ModelAdmin):
    """One school's links: added and deleted through `services.prerequisites` (no loop; who did it recorded),
    never changed in place."""

    form = SchoolPrerequisiteForm
    list_display = ["school", "skill", "prerequisite", "created_by", "created_at"]
    list_filter = ["school"]
    search_fields = ["skill__name", "prerequisite__name", "school__name"]
    list_select_related = ["school", "skill", "prerequisite", "created_by"]
    autocomplete_fields = ["school", "skill", "prerequisite"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def save_model(self, request, obj, form, change):
        prerequisites.skill_prerequisite_set(school=obj.school, skill=obj.skill, prerequisite=obj.prerequisite,
                                             required=True, by=request.user)
        obj.pk = SchoolPrerequisite.objects.get(school=obj.school, skill=obj.skill, prerequisite=obj.prerequisite).pk

    def delete_model(self, request, obj):
        prerequisites.skill_prerequisite_set(school=obj.school, skill=obj.skill, prerequisite=obj.prerequisite,
                                             required=False, by=request.user)

    def delete_queryset(self, request, queryset):
        for link in queryset.select_related("school", "skill", "prerequisite"):
            self.delete_model(request, link)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit log: read and filtered here, written only by `services.audit`, never changed or deleted."""

    list_display = ["at", "actor_label", "action", "target_type", "target_id", "target_label", "school", "reason"]
    list_filter = ["action", "school", ("actor", admin.RelatedOnlyFieldListFilter), "target_type", "at"]
    search_fields = ["actor_label", "target_label", "target_id", "reason"]
    date_hierarchy = "at"
    list_select_related = ["school"]
    show_full_result_count = False


@admin.register(XapiActivity)
class XapiActivityAdmin(admin.ModelAdmin):
    """Which skill (and exercise) each xAPI activity practises; statements of unmapped activities wait, kept."""

    list_display = ["activity_id", "school", "skill", "exercise"]
    list_filter = ["school"]
    search_fields = ["activity_id", "skill__name", "skill__code"]
    list_select_related = ["school", "skill", "exercise"]
    raw_id_fields = ["exercise"]


@admin.register(XapiStatement)
class XapiStatementAdmin(ReadOnlyAdmin):
    list_display = ["statement_id", "school", "verb", "activity_id", "attempt", "reason", "stored_at"]
    list_filter = ["school", ("attempt", admin.EmptyFieldListFilter), "verb"]
    search_fields = ["=statement_id", "activity_id", "reason"]
    list_select_related = ["school", "attempt"]
    actions = ["read_again"]

    @admin.action(description=_("Read kept statements of these schools again (after mapping activities)"))
    def read_again(self, request, queryset):
        made = sum(xapi.xapi_statements_reread(school=school) for school in
                   School.objects.filter(pk__in=queryset.values("school")))
        self.message_user(request, _("%(n)d kept statements became attempts.") % {"n": made}, messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens of the JSON API: made here or on the staff page (the whole token is shown once, in a message),
    revoked with the action; only the prefix and the SHA-256 of the secret are kept."""

    list_display = ["name", "school", "scope", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    list_filter = ["school", "scope"]
    search_fields = ["name", "prefix", "school__name"]
    fields = ["school", "name", "scope"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["school", "scope", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else ["name", *self.get_readonly_fields(request, obj)]

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: its last use stays on record

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        made, plain = api_tokens.api_token_create(school=obj.school, name=obj.name, scope=obj.scope,
                                                  created_by=request.user)
        obj.pk, obj.prefix, obj.secret_sha256 = made.pk, made.prefix, made.secret_sha256
        obj.created_at, obj.created_by = made.created_at, made.created_by
        obj._state.adding = False
        messages.warning(request, _("Copy the new token now, it is not shown again: %(token)s") % {"token": plain})

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        for token in queryset:
            api_tokens.api_token_revoke(token=token, actor=request.user)
        messages.success(request, _("%(count)d tokens revoked.") % {"count": len(queryset)})
