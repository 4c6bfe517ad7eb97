"""The domain: schools, people, skills, exercises and every attempt a student makes.

Invariants live in the database (constraints and indexes), not only in Python.
"""
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learners.engine import mastery_now_bytes  # noqa: F401  (migration 0009 imports it from here)


class School(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return self.name


class Teacher(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teacher")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="teachers", null=True, blank=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Student(models.Model):
    """A learner; may exist without a login, known only by an external id (import, LMS)."""

    user = models.OneToOneField(  # PROTECT: a login-only student would be left with no identity
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="student", null=True, blank=True
    )
    external_id = models.CharField(_("external id"), max_length=100, unique=True, null=True, blank=True)
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="students", null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)  # False: deactivated (e.g. through the API), kept
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name", "external_id"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(external_id__isnull=False),
                name="student_has_login_or_external_id",
            ),
            models.CheckConstraint(condition=~Q(external_id=""), name="student_external_id_not_blank"),
        ]

    def __str__(self) -> str:
        if self.display_name:
            return self.display_name
        if self.user_id:
            return self.user.get_username()
        return self.external_id or f"student {self.pk}"


class Skill(models.Model):
    """A knowledge component."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [models.CheckConstraint(condition=~Q(code=""), name="skill_code_not_blank")]

    def __str__(self) -> str:
        return self.name


class Classroom(models.Model):
    name = models.CharField(_("name"), max_length=200)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="classrooms")
    teachers = models.ManyToManyField(Teacher, related_name="classrooms", blank=True, verbose_name=_("teachers"))
    students = models.ManyToManyField(
        Student, through="Enrollment", related_name="classrooms", blank=True, verbose_name=_("students")
    )
    skills = models.ManyToManyField(Skill, related_name="classrooms", blank=True, verbose_name=_("course skills"))
    # What the course aims at (a subset of its skills): plans aim at these; none set means every course skill.
    goal_skills = models.ManyToManyField(Skill, related_name="goal_of_classrooms", blank=True,
                                         verbose_name=_("goal skills"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school__name", "name"]
        verbose_name = _("classroom")
        verbose_name_plural = _("classrooms")
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="classroom_unique_name_per_school")]

    def __str__(self) -> str:
        return self.name


class Enrollment(models.Model):
    """A student in a classroom; (classroom, student) leads the index that finds a classroom's attempts."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="enrollments")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="enrollments")
    active = models.BooleanField(_("active"), default=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["classroom", "student"], name="enrollment_unique_student_per_classroom")
        ]


class AnswerKind(models.TextChoices):
    NUMBER = "number", _("number")
    TEXT = "text", _("text")
    CHOICE = "choice", _("multiple choice")
    EXPRESSION = "expression", _("expression")
    POINT = "point", _("point (x, y)")


class AnswerForm(models.TextChoices):
    """How an answer must be written, beyond its value (the checker enforces it; the page says it)."""

    ANY = "", _("any equal form")
    FRACTION = "fraction", _("a fraction")
    SIMPLEST = "simplest", _("a fraction in lowest terms")
    MIXED = "mixed", _("a mixed number")
    DECIMAL = "decimal", _("a decimal number")
    SCIENTIFIC = "scientific", _("scientific notation")
    FACTORED = "factored", _("factored")
    EXPANDED = "expanded", _("expanded")
    POWER = "power", _("one power")


class Exercise(models.Model):
    """A question with its answer and how that answer is checked (rounding, unit, form). Bank exercises are
    shared by every school; a teacher's own belong to one classroom and are shown only to its students."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="exercises")
    prompt = models.TextField(_("prompt"))
    answer = models.CharField(_("answer"), max_length=500, blank=True)
    answer_kind = models.CharField(_("answer kind"), max_length=20, choices=AnswerKind, default=AnswerKind.TEXT)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    decimals = models.PositiveSmallIntegerField(_("rounded to decimal places"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)  # canonical: "cm", "m^2", "°", "%"
    form = models.CharField(_("answer form"), max_length=20, choices=AnswerForm, default=AnswerForm.ANY,
                            blank=True)
    hint = models.TextField(_("hint"), blank=True)
    solution = models.TextField(_("worked solution"), blank=True)
    figure = models.TextField(_("figure (SVG)"), blank=True)  # drawn by the server's generators, never uploaded
    figure_alt = models.TextField(_("figure's text alternative"), blank=True)
    classroom = models.ForeignKey("Classroom", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="exercises", verbose_name=_("classroom"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("author"))
    source = models.CharField(_("source"), max_length=100, default="manual")
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["skill__name", "id"]
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="exercise_unique_external_id_per_source"),
            models.CheckConstraint(condition=~Q(prompt=""), name="exercise_prompt_not_blank"),
            models.CheckConstraint(condition=Q(decimals__isnull=True) | Q(decimals__lte=6),
                                   name="exercise_decimals_at_most_6"),
        ]

    def __str__(self) -> str:
        return self.prompt[:60]


class AttemptSource(models.TextChoices):
    WEB = "web", _("web")
    API = "api", _("API")
    IMPORT = "import", _("import")
    DEMO = "demo", _("demo data")
    XAPI = "xapi", _("xAPI")


class Attempt(models.Model):
    """One response of one student to one exercise (or skill); never stored twice (idempotency key)."""

    # Two indexes serve the reads: a student's attempts in time order, and (through Enrollment) a classroom's.
    # None on skill alone: every page reads attempts by student, and each index slows the bulk imports.
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="attempts", db_index=False)
    exercise = models.ForeignKey(Exercise, on_delete=models.SET_NULL, related_name="attempts", null=True, blank=True)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="attempts", db_index=False)
    correct = models.BooleanField(_("correct"))
    score = models.FloatField(_("score"))
    submitted_at = models.DateTimeField(_("submitted at"))
    duration_seconds = models.FloatField(_("duration (s)"), null=True, blank=True)
    hints_used = models.PositiveIntegerField(_("hints used"), default=0)
    # What the student wrote (cut to its length); db_default: the importers' raw INSERTs leave it out
    answer_text = models.CharField(_("answer given"), max_length=200, blank=True, default="", db_default="")
    source = models.CharField(_("source"), max_length=20, choices=AttemptSource, default=AttemptSource.WEB)
    idempotency_key = models.CharField(_("idempotency key"), max_length=128)  # unique: see Meta
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["student", "submitted_at", "id"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        indexes = [
            # A student's attempts in time order; with Enrollment(classroom, student) also a classroom's attempts.
            models.Index(fields=["student", "submitted_at", "id"], name="attempt_student_time"),
        ]
        constraints = [
            # A constraint rather than unique=True: one index, without PostgreSQL's extra LIKE index.
            models.UniqueConstraint(fields=["idempotency_key"], name="attempt_unique_idempotency_key"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="attempt_score_in_unit_interval"),
            models.CheckConstraint(
                condition=Q(correct=False) | Q(score=1), name="attempt_correct_means_full_score"
            ),
            models.CheckConstraint(
                condition=Q(duration_seconds__isnull=True) | Q(duration_seconds__gte=0),
                name="attempt_duration_not_negative",
            ),
            models.CheckConstraint(condition=~Q(idempotency_key=""), name="attempt_key_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.skill} · {'✓' if self.correct else '✗'}"


class ImportRun(models.Model):
    """A log line per import: what file, how many rows read, written and skipped."""

    file_name = models.CharField(max_length=500)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    file_format = models.CharField(max_length=20)
    rows_read = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    rows_duplicate = models.PositiveIntegerField(default=0)
    rows_invalid = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows_written} written)"


class UploadStatus(models.TextChoices):
    CHECKED = "checked", _("checked")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("failed")


class AttemptUpload(models.Model):
    """An attempts file a teacher (for their classrooms' students) or staff (for anyone) uploaded: checked first,
    imported once confirmed (a large one on the worker)."""

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="attempt_uploads")
    restricted = models.BooleanField(default=True)  # only students of the uploader's classrooms may be written
    file = models.FileField(upload_to="uploads/attempts/")
    file_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=20, choices=UploadStatus, default=UploadStatus.CHECKED)
    rows_valid = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    rows_duplicate = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # ["line 3: ...", ...], the first ones
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)  # when the import that is running now began
    worker = models.CharField(max_length=200, blank=True)  # the Celery node importing it ("": in the request)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("attempts upload")
        verbose_name_plural = _("attempts uploads")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class ModelStatus(models.TextChoices):
    TRAINING = "training", _("training")
    CANDIDATE = "candidate", _("candidate")
    ACTIVE = "active", _("active")
    REJECTED = "rejected", _("rejected")
    FAILED = "failed", _("failed")


class ModelVersion(models.Model):
    """One trained meta-model: its checkpoint, how it was made and how good it is. At most one is active."""

    status = models.CharField(_("status"), max_length=20, choices=ModelStatus, default=ModelStatus.TRAINING)
    checkpoint = models.FileField(_("checkpoint"), upload_to="models/", blank=True)
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)  # why it was rejected, or activated
    skill_vocabulary = models.JSONField(default=list, blank=True)  # Skill pks, position i = skill index i + 1
    heldout_students = models.JSONField(default=list, blank=True)  # Student pks it was validated on
    n_students = models.PositiveIntegerField(default=0)
    n_attempts = models.PositiveIntegerField(default=0)
    train_seconds = models.FloatField(default=0)
    device = models.CharField(max_length=40, blank=True)
    code_version = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("model version")
        verbose_name_plural = _("model versions")
        constraints = [
            models.UniqueConstraint(fields=["status"], condition=Q(status="active"), name="one_active_model_version")
        ]

    def __str__(self) -> str:
        return f"v{self.pk} ({self.get_status_display()})"

    @property
    def valid_auc(self) -> float | None:
        return self.metrics.get("valid_auc")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")


class TrainingStage(models.TextChoices):
    """Where a running retraining is (`services.training` moves it along)."""

    READING = "reading", _("reading the attempts")
    TRAINING = "training", _("training")
    EVALUATING = "evaluating", _("evaluating")
    REJECTED = "rejected", _("not activated")
    REGENERATING = "regenerating", _("regenerating student models")
    PLANNING = "planning", _("making study plans")
    DONE = "done", _("done")
    INTERRUPTED = "interrupted", _("interrupted: its worker stopped")


class TrainingRun(models.Model):
    """One retraining: progress as it goes, the version it made, or the error that stopped it."""

    status = models.CharField(_("status"), max_length=20, choices=RunStatus, default=RunStatus.QUEUED)
    version = models.OneToOneField(ModelVersion, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="training_run")
    task_id = models.CharField(max_length=255, unique=True, null=True, blank=True)  # a re-delivery finds its run
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    epoch = models.PositiveIntegerField(default=0)
    epochs_total = models.PositiveIntegerField(default=0)
    history = models.JSONField(default=list, blank=True)  # [{"epoch", "loss", "valid_auc"}, ...]
    stage = models.CharField(max_length=40, choices=TrainingStage, blank=True)  # "" while queued
    error = models.TextField(blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=255, blank=True)  # the Celery worker (node name) running it
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # written every few seconds while a worker runs it

    class Meta:
        ordering = ["-queued_at"]
        verbose_name = _("training run")
        verbose_name_plural = _("training runs")

    def __str__(self) -> str:
        return f"run {self.pk} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.epoch / self.epochs_total) if self.epochs_total else 0


class Cohort(models.Model):
    """A cluster of similar students under one model version, with its prototype (centre)."""

    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="cohorts")
    index = models.PositiveIntegerField()
    centre = models.JSONField(default=list)
    size = models.PositiveIntegerField(default=0)
    mean_mastery = models.JSONField(default=list)  # per skill of the version's vocabulary

    class Meta:
        ordering = ["version", "index"]
        constraints = [models.UniqueConstraint(fields=["version", "index"], name="cohort_unique_index_per_version")]

    def __str__(self) -> str:
        return f"cohort {self.index + 1} of v{self.version_id}"


class StudentModel(models.Model):
    """A student's own explicit model (`engine.ExplicitModel` as a dict), made by one version."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="models")
    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="student_models")
    parameters = models.JSONField()
    embedding = models.JSONField(default=list)
    # P(success) now on each skill of the version's vocabulary, float32 bytes: what dashboards read for many
    # students at once without parsing the parameters (see `engine.mastery_now_bytes`)
    mastery_now = models.BinaryField(default=b"")
    n_attempts = models.PositiveIntegerField(default=0)  # attempts it was generated from
    cohort = models.ForeignKey(Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="members")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("student model")
        verbose_name_plural = _("student models")
        constraints = [
            models.UniqueConstraint(fields=["version", "student"], name="student_model_unique_per_version")
        ]


class StudentNeighbour(models.Model):
    """One of a student's most similar students under one version (rank 1 = closest)."""

    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="neighbours")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="neighbours")
    neighbour = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    distance = models.FloatField()

    class Meta:
        ordering = ["version", "student", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["version", "student", "rank"], name="neighbour_unique_rank"),
            models.CheckConstraint(condition=~Q(student=F("neighbour")), name="neighbour_not_self"),
        ]


class PlanReason(models.TextChoices):
    READY = "ready_to_learn", _("ready to learn")
    PREREQUISITE = "prerequisite_for_goal", _("prerequisite for a goal")
    REVIEW = "due_for_review", _("due for review")
    CLOSE = "close_to_mastery", _("close to mastery")
    TEACHER = "teacher_added", _("added by the teacher")
    ASSIGNED = "assigned", _("assigned by the teacher")


class StudyPlan(models.Model):
    """One generated plan of one student; plans are versioned (number) and exactly one is current."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="plans")
    number = models.PositiveIntegerField()
    is_current = models.BooleanField(default=True)
    version = models.ForeignKey(ModelVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    goal_skills = models.JSONField(default=list)  # Skill pks
    forecast_with_plan = models.JSONField(default=dict)  # Skill pk -> P(success) after the plan
    forecast_without_plan = models.JSONField(default=dict)  # Skill pk -> P(success) with no more practice
    goal_forecast = models.FloatField(null=True, blank=True)  # mean of forecast_with_plan over the goal skills
    goal_forecast_without = models.FloatField(null=True, blank=True)  # the same with no more practice
    in_class = models.JSONField(default=list)  # goal Skill pks with no exercise here: practised in class
    # The student's latest attempt when the plan was made: later attempts are the plan's items being done.
    attempts_seen = models.PositiveBigIntegerField(default=0)
    config = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["student", "-number"]
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")
        constraints = [
            models.UniqueConstraint(fields=["student", "number"], name="plan_unique_number_per_student"),
            models.UniqueConstraint(fields=["student"], condition=Q(is_current=True), name="plan_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.student} · plan {self.number}"


def mean_goal_forecast(forecast: dict, goal_skills: list[int]) -> float | None:
    """Mean P(success) of a plan's forecast over its goal skills (over every forecast skill if none is a goal):
    what a plan stores as `goal_forecast` and `goal_forecast_without`."""
    values = [forecast[str(s)] for s in goal_skills if str(s) in forecast] or list(forecast.values())
    return sum(values) / len(values) if values else None


goal_mean = mean_goal_forecast  # the name migration 0008 imports (migrations stay as they were written)


class PlanItem(models.Model):
    plan = models.ForeignKey(StudyPlan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    session = models.PositiveSmallIntegerField()
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    exercise = models.ForeignKey(Exercise, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.CharField(max_length=30, choices=PlanReason)
    p_success = models.FloatField(null=True, blank=True)  # predicted when the item comes
    expected_gain = models.FloatField(null=True, blank=True)  # predicted rise of P(success) from this item
    pinned = models.BooleanField(default=False)
    done = models.BooleanField(default=False)  # practised today (kept at the start of today's session)
    assignment = models.ForeignKey("Assignment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="plan_item_unique_position")]


class OverrideAction(models.TextChoices):
    PIN = "pin", _("pin")
    REMOVE = "remove", _("remove")
    ADD = "add", _("add")
    REORDER = "reorder", _("reorder")


class PlanOverride(models.Model):
    """A teacher's change to a student's plan, re-applied on top of every regeneration; a log too."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="plan_overrides")
    action = models.CharField(_("action"), max_length=10, choices=OverrideAction)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"), null=True, blank=True)
    per_session = models.PositiveSmallIntegerField(_("times per session"), default=1)  # add and pin
    reason = models.TextField(_("reason"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["student", "created_at", "id"]
        verbose_name = _("plan override")
        verbose_name_plural = _("plan overrides")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="override_needs_a_reason"),
            models.CheckConstraint(condition=Q(per_session__gte=1) & Q(per_session__lte=10),
                                   name="override_per_session_1_to_10"),
        ]

    def as_dict(self) -> dict:
        return {"action": self.action, "skill": self.skill_id, "position": self.position,
                "per_session": self.per_session}


class Assignment(models.Model):
    """Work a teacher sets a classroom, or a group of its students, to do by a date: `items` exercises of a skill
    answered here after it was set (the listed exercises, when there are any), and a chance of success of
    `mastery` on the skill when one is given. Each targeted student's plan makes room for it until it is done."""

    MAX_ITEMS = 50

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments",
                                  verbose_name=_("classroom"))
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+", verbose_name=_("skill"))
    exercises = models.ManyToManyField(Exercise, blank=True, related_name="+", verbose_name=_("exercises"))
    students = models.ManyToManyField(Student, blank=True, related_name="assignments",
                                      verbose_name=_("students"))  # none: the whole class
    due_on = models.DateField(_("due date"))
    items = models.PositiveSmallIntegerField(_("exercises to do"), default=5)
    mastery = models.FloatField(_("chance of success to reach"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("set by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["classroom", "due_on", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["classroom", "archived_at"], name="assignment_open_per_classroom")]
        constraints = [
            models.CheckConstraint(condition=Q(items__gte=1) & Q(items__lte=50), name="assignment_items_1_to_50"),
            models.CheckConstraint(condition=Q(mastery__isnull=True) | (Q(mastery__gt=0) & Q(mastery__lt=1)),
                                   name="assignment_mastery_in_unit_interval"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} · {self.due_on}"

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


class PracticeSkip(models.Model):
    """A skill a student chose to skip in practice; skipped skills wait until the next day, whatever plan
    comes in between."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="practice_skips")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["student", "created_at"], name="practice_skip_student_time")]


class MasterySnapshot(models.Model):
    """What a student's progress showed at the end of one day: kept as it was shown, so a later model version
    never rewrites the past of "mastery over time" (only the current day follows the active version)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="mastery_snapshots")
    day = models.DateField()
    version = models.ForeignKey(ModelVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    attempts = models.PositiveIntegerField()  # attempts made by the end of the day
    goal_mean = models.FloatField(null=True, blank=True)  # mean P(correct) on the goal skills
    practised_mean = models.FloatField(null=True, blank=True)  # mean P(correct) on the skills practised by then
    goal_p = models.JSONField(default=dict)  # goal skill pk -> P(correct)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["student", "day"]
        constraints = [models.UniqueConstraint(fields=["student", "day"], name="snapshot_unique_day")]


class SuggestionStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    DISMISSED = "dismissed", _("dismissed")


class PrerequisiteSuggestion(models.Model):
    """A prerequisite link learned from the data, for staff to accept; never applied silently."""

    prerequisite = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    dependant = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    support = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=SuggestionStatus, default=SuggestionStatus.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-score"]
        verbose_name = _("prerequisite suggestion")
        verbose_name_plural = _("prerequisite suggestions")
        constraints = [
            models.UniqueConstraint(fields=["prerequisite", "dependant"], name="suggestion_unique_pair"),
            models.CheckConstraint(condition=~Q(prerequisite=F("dependant")), name="suggestion_not_self"),
        ]


class SchoolPrerequisite(models.Model):
    """One school's link: in that school, `skill` needs `prerequisite` first. Another school's plans never read
    it; every change is also kept in the audit log (`AuditEntry`)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="prerequisites")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+", verbose_name=_("skill"))
    prerequisite = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("prerequisite"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")  # none: copied from before links belonged to schools
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school__name", "skill__name", "prerequisite__name"]
        verbose_name = _("school prerequisite")
        verbose_name_plural = _("school prerequisites")
        constraints = [
            models.UniqueConstraint(fields=["school", "skill", "prerequisite"], name="school_prerequisite_unique"),
            models.CheckConstraint(condition=~Q(skill=F("prerequisite")), name="school_prerequisite_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.prerequisite} → {self.skill}"


class AccountPolicy(models.Model):
    """What staff require of one sign-in account: a new password before anything else."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_policy")
    must_change_password = models.BooleanField(_("must change password"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("account policy")
        verbose_name_plural = _("account policies")

    def __str__(self) -> str:
        return self.user.get_username()


def external_id_digest(external_id: str) -> str:
    """What an erased student's external id is remembered by: its SHA-256, never the id itself."""
    return hashlib.sha256(external_id.encode()).hexdigest()


class ErasedStudent(models.Model):
    """An erased student's external id, as a digest: imports skip that id's rows, so that importing a file again
    (the demo's, an LMS export) never brings an erased student back."""

    external_id_sha256 = models.CharField(max_length=64, unique=True)
    erased_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("erased student")
        verbose_name_plural = _("erased students")


class AuditAction(models.TextChoices):
    """What an audit entry records; the part before the dot is its family."""

    ROSTER_TEACHER_CREATE = "roster.teacher_create", _("roster: teacher created")
    ROSTER_TEACHER_UPDATE = "roster.teacher_update", _("roster: teacher changed")
    ROSTER_STUDENT_CREATE = "roster.student_create", _("roster: student created")
    ROSTER_STUDENT_UPDATE = "roster.student_update", _("roster: student changed")
    ROSTER_CLASSROOM_CREATE = "roster.classroom_create", _("roster: classroom created")
    ROSTER_CLASSROOM_UPDATE = "roster.classroom_update", _("roster: classroom changed")
    ROSTER_ENROL = "roster.enrol", _("roster: student enrolled")
    ROSTER_UNENROL = "roster.unenrol", _("roster: student unenrolled")
    ACCOUNT_PASSWORD_SET = "account.password_set", _("account: password set by someone else")
    ACCOUNT_PASSWORD_CHANGE_REQUIRED = "account.password_change_required", _("account: new password required")
    OVERRIDE_ADD = "override.add", _("plan override added")
    OVERRIDE_WITHDRAW = "override.withdraw", _("plan override withdrawn")
    PREREQUISITE_ADD = "prerequisite.add", _("prerequisite added")
    PREREQUISITE_REMOVE = "prerequisite.remove", _("prerequisite removed")
    PREREQUISITE_SUGGESTION_ACCEPT = "prerequisite.suggestion_accept", _("prerequisite suggestion accepted")
    PREREQUISITE_SUGGESTION_DISMISS = "prerequisite.suggestion_dismiss", _("prerequisite suggestion dismissed")
    STUDENT_EXPORT = "student.export", _("student's data exported")
    STUDENT_ERASE = "student.erase", _("student erased")
    TOKEN_CREATE = "token.create", _("API token created")
    TOKEN_REVOKE = "token.revoke", _("API token revoked")
    MODEL_ACTIVATE = "model.activate", _("model version activated")


class AuditEntry(models.Model):
    """Who did what, when and why: append-only, written by `services.audit.audit_record` in the transaction of
    the write it records. Labels are copies made at the time (they outlive what they name); an erased student's
    entries keep only ids."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("actor"))  # none: the system (a task, a command)
    actor_label = models.CharField(_("actor's name"), max_length=150)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction)
    target_type = models.CharField(_("target type"), max_length=40)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=200, blank=True)
    school = models.ForeignKey(School, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("school"))
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label or self.target_id}"


class WorkerHeartbeat(models.Model):
    """The last sign of life of one Celery worker (by its host name), written every few seconds by the worker
    itself (portal/heartbeat.py) and read by the health check."""

    hostname = models.CharField(max_length=200, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.hostname


class RefreshRequest(models.Model):
    """A student whose model needs regenerating (the durable refresh queue): written in the same transaction as
    their attempts, claimed by a refresh task, deleted once that refresh has seen every attempt it was for."""

    student = models.OneToOneField(Student, on_delete=models.CASCADE, primary_key=True, related_name="+")
    requested_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=255, blank=True)  # "worker node name/task id" while a task has it
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["claimed_at"], name="refresh_request_claimed_at")]

    def __str__(self) -> str:
        return f"refresh student {self.student_id}"


class XapiActivity(models.Model):
    """Which skill (and exercise) an xAPI activity of a school's learning record providers practises."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="xapi_activities",
                               verbose_name=_("school"))
    activity_id = models.CharField(_("activity id (IRI)"), max_length=1000)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+", verbose_name=_("skill"))
    exercise = models.ForeignKey(Exercise, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("exercise"))

    class Meta:
        ordering = ["school__name", "activity_id"]
        verbose_name = _("xAPI activity")
        verbose_name_plural = _("xAPI activities")
        constraints = [models.UniqueConstraint(fields=["school", "activity_id"], name="xapi_activity_unique")]

    def __str__(self) -> str:
        return self.activity_id


class XapiStatement(models.Model):
    """Every statement a school's providers sent, as sent: with the attempt it became, or why it became none."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", verbose_name=_("school"))
    statement_id = models.UUIDField(_("statement id"))
    body = models.JSONField(_("statement"))
    verb = models.CharField(_("verb"), max_length=1000)
    activity_id = models.CharField(_("activity id (IRI)"), max_length=1000, blank=True)
    attempt = models.ForeignKey(Attempt, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("attempt"))
    reason = models.CharField(_("why no attempt"), max_length=300, blank=True)
    stored_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    class Meta:
        ordering = ["-stored_at", "-pk"]
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        constraints = [models.UniqueConstraint(fields=["school", "statement_id"], name="xapi_statement_unique")]

    def __str__(self) -> str:
        return str(self.statement_id)


class ApiScope(models.TextChoices):
    READ = "read", _("read")
    WRITE = "write", _("read and write")


class ApiToken(models.Model):
    """A bearer token of the JSON API, scoped to one school: only its prefix and its SHA-256 are stored (the
    whole token is shown once, when it is made)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("school"))
    name = models.CharField(_("name"), max_length=200)
    scope = models.CharField(_("scope"), max_length=10, choices=ApiScope, default=ApiScope.READ)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)  # finds the row; the hash proves the rest
    secret_sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)  # to the minute
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["school__name", "-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
