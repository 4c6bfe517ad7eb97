import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from learners.services.content import MAX_IMPORT_BYTES, ExerciseDraft, canonical_unit
from learners.models import (
    AnswerKind, ApiScope, Assignment, Classroom, Exercise, OverrideAction, School, Skill, Student,
)
from learners.selectors.rosters import MAX_ROSTER_BYTES, classroom_students, username_errors, usernames_taken


ROW_ID = re.compile(r"[0-9]{1,18}")  # a row id the database can hold (ASCII digits only, under 2**63)


def _check_row_ids(field: forms.ModelChoiceField, values) -> None:
    """Refuse, before any query, a value that cannot be a row id (a database would overflow or read '٣' as 3)."""
    for value in values:
        if value not in field.empty_values and not ROW_ID.fullmatch(str(value)):
            raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})


class RowChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        _check_row_ids(self, [value])
        return super().to_python(value)


class RowMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        _check_row_ids(self, value)
        return super()._check_values(value)


class PlanOverrideForm(forms.Form):
    action = forms.ChoiceField(label=_("Change"), choices=OverrideAction.choices)
    skill = RowChoiceField(label=_("Skill"), queryset=Skill.objects.order_by("name"))
    position = forms.IntegerField(label=_("Position (1 = first; in each session for add and pin)"), min_value=1,
                                  max_value=100, required=False)
    per_session = forms.IntegerField(label=_("Times per session (add, pin)"), min_value=1, max_value=10, initial=1,
                                     required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.TextInput(
        attrs={"placeholder": _("e.g. test on Friday, done in class")}))

    def clean_position(self):
        position = self.cleaned_data.get("position")
        return None if position is None else position - 1

    def clean_per_session(self):
        return self.cleaned_data.get("per_session") or 1


class OverviewFilterForm(forms.Form):
    SORTS = [("name", _("name")), ("mastery", _("mastery, weakest first")), ("status", _("status, at risk first"))]
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int, required=False, empty_value=None)
    skills = RowMultipleChoiceField(label=_("Skills"), queryset=Skill.objects.none(), required=False,
                                            widget=forms.SelectMultiple(attrs={"size": 6}))

    def __init__(self, *args, skills, cohorts: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.filter(pk__in=[s.pk for s in skills]).order_by("name")
        self.fields["cohort"].choices = [("", _("all"))] + [(c, _("Cohort %(n)s") % {"n": c + 1}) for c in cohorts]


class PrerequisiteForm(forms.Form):
    action = forms.ChoiceField(label=_("Change"), choices=[("add", _("needs first")), ("remove", _("no longer needs"))])
    prerequisite = RowChoiceField(label=_("Skill"), queryset=Skill.objects.order_by("name"))

    def __init__(self, *args, skill: Skill, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prerequisite"].queryset = Skill.objects.exclude(pk=skill.pk).order_by("name")


class ExerciseForm(forms.Form):
    """A teacher's exercise: the question, the kind of answer and how it is checked (`learners.services.content`)."""

    KINDS = [("number", _("a number")), ("fraction", _("a fraction")), ("expression", _("an expression in x")),
             ("choice", _("multiple choice")), ("point", _("a point (x, y)"))]
    ROUNDING = [("", _("exactly")), ("0", _("to the nearest whole number")), ("1", _("to 1 decimal place"))] + [
        (str(n), _("to %(n)d decimal places") % {"n": n}) for n in range(2, 7)]
    NUMBER_FORMS = [("", _("any equal form")), ("decimal", _("a decimal number")),
                    ("scientific", _("scientific notation"))]
    FRACTION_FORMS = [("fraction", _("any equal fraction")), ("simplest", _("a fraction in lowest terms")),
                      ("mixed", _("a mixed number"))]
    EXPRESSION_FORMS = [("", _("any equal form")), ("factored", _("fully factored")),
                        ("expanded", _("expanded and simplified")), ("power", _("one power"))]

    prompt = forms.CharField(label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("Mathematics between $...$, e.g. $\\frac{3}{4}$ or $x^2$."))
    kind = forms.ChoiceField(label=_("The answer is"), choices=KINDS)
    answer = forms.CharField(label=_("Answer"), max_length=200,
                             help_text=_("For multiple choice, the right choice exactly as written below."))
    rounding = forms.ChoiceField(label=_("Numbers: rounded"), choices=ROUNDING, required=False)
    unit = forms.CharField(label=_("Numbers: unit"), max_length=20, required=False,
                           help_text=_("e.g. cm, m^2, °, %, $; students may write it or leave it out."))
    number_form = forms.ChoiceField(label=_("Numbers: written as"), choices=NUMBER_FORMS, required=False)
    fraction_form = forms.ChoiceField(label=_("Fractions: written as"), choices=FRACTION_FORMS, required=False)
    expression_form = forms.ChoiceField(label=_("Expressions: written as"), choices=EXPRESSION_FORMS,
                                        required=False)
    choices = forms.CharField(label=_("Choices, one per line"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    hint = forms.CharField(label=_("Hint (optional)"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    solution = forms.CharField(label=_("Worked solution (optional)"), required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}))

    FIELD_OF = {"form": "kind", "decimals": "rounding"}  # the service's field names -> this form's

    def clean_unit(self):
        try:
            return canonical_unit(self.cleaned_data.get("unit") or "")
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def draft(self) -> ExerciseDraft:
        data = self.cleaned_data
        kind = data["kind"]
        rounding = data.get("rounding")
        form = {"fraction": data.get("fraction_form") or "fraction", "number": data.get("number_form") or "",
                "expression": data.get("expression_form") or ""}.get(kind, "")
        choices = tuple(line.strip() for line in (data.get("choices") or "").splitlines() if line.strip())
        numeric = kind in ("number", "point")
        return ExerciseDraft(
            prompt=data["prompt"].strip(), kind=AnswerKind.NUMBER if kind == "fraction" else kind,
            answer=data["answer"].strip(), choices=choices if kind == "choice" else (),
            decimals=int(rounding) if numeric and rounding not in (None, "") else None,
            unit=data.get("unit", "") if kind == "number" else "", form=form, hint=data.get("hint", "").strip(),
            solution=data.get("solution", "").strip())

    def add_service_errors(self, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            for message in messages:
                self.add_error(self.FIELD_OF.get(name, name) if name in self.fields or name in self.FIELD_OF
                               else None, message)

    @staticmethod
    def initial_for(exercise: Exercise) -> dict:
        fraction = exercise.answer_kind == AnswerKind.NUMBER and exercise.form in ("fraction", "simplest", "mixed")
        number = exercise.answer_kind == AnswerKind.NUMBER and not fraction
        return {"prompt": exercise.prompt, "kind": "fraction" if fraction else exercise.answer_kind,
                "answer": exercise.answer, "rounding": "" if exercise.decimals is None else str(exercise.decimals),
                "unit": exercise.unit, "fraction_form": exercise.form if fraction else "fraction",
                "number_form": exercise.form if number else "",
                "expression_form": exercise.form if exercise.answer_kind == AnswerKind.EXPRESSION else "",
                "choices": "\n".join(str(c) for c in exercise.choices), "hint": exercise.hint,
                "solution": exercise.solution}


class AssignmentForm(forms.Form):
    """Work for a classroom's students by a date (`learners.services.assignments`); its choices are the
    classroom's own (skills, students, the exercises written for it)."""

    TARGETS = [("class", _("the whole class")), ("group", _("a group: the students ticked below"))]

    skill = RowChoiceField(label=_("Skill"), queryset=Skill.objects.none())
    target = forms.ChoiceField(label=_("For"), choices=TARGETS, initial="class", widget=forms.RadioSelect)
    students = RowMultipleChoiceField(label=_("Students"), queryset=None, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    items = forms.IntegerField(label=_("Exercises to do"), min_value=1, max_value=Assignment.MAX_ITEMS, initial=5)
    mastery = forms.IntegerField(label=_("Chance of success to reach, in % (optional)"), min_value=50, max_value=99,
                                 required=False)
    exercises = RowMultipleChoiceField(
        label=_("Or exactly these exercises written for this classroom (of the skill chosen above)"),
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note to the students (optional)"), max_length=200, required=False)

    def __init__(self, *args, classroom: Classroom, skills: list[Skill], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.filter(pk__in=[s.pk for s in skills]).order_by("name")
        self.fields["students"].queryset = classroom_students(classroom)
        self.fields["exercises"].queryset = classroom.exercises.select_related("skill").order_by("skill__name", "pk")
        self.fields["exercises"].label_from_instance = lambda e: f"{e.skill.name}: {e}"

    def clean(self):
        data = super().clean()
        if data.get("target") == "group" and not data.get("students"):
            self.add_error("students", _("Tick the students of the group, or choose the whole class."))
        return data

    def values(self) -> dict:
        """The service's keyword arguments."""
        data = self.cleaned_data
        return {"skill": data["skill"], "due_on": data["due_on"], "items": data["items"],
                "students": list(data["students"]) if data["target"] == "group" else [],
                "exercises": list(data["exercises"]), "note": data.get("note") or "",
                "mastery": None if data.get("mastery") is None else data["mastery"] / 100}

    @staticmethod
    def initial_for(assignment: Assignment) -> dict:
        students = list(assignment.students.values_list("pk", flat=True))
        return {"skill": assignment.skill_id, "target": "group" if students else "class", "students": students,
                "due_on": assignment.due_on, "items": assignment.items, "note": assignment.note,
                "mastery": None if assignment.mastery is None else round(100 * assignment.mastery),
                "exercises": list(assignment.exercises.values_list("pk", flat=True))}


class ExerciseImportForm(forms.Form):
    file = forms.FileField(label=_("A CSV or JSON file of exercises"), required=False)
    content = forms.CharField(required=False, widget=forms.HiddenInput)  # the checked file, sent back to confirm
    fmt = forms.ChoiceField(choices=[("csv", "CSV"), ("json", "JSON")], required=False, widget=forms.HiddenInput)

    def read(self) -> tuple[str, str]:
        """(content, "csv" or "json"): the uploaded file's text, or the content sent back to confirm."""
        upload = self.cleaned_data.get("file")
        if upload is None:
            return self.cleaned_data.get("content") or "", self.cleaned_data.get("fmt") or "csv"
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is larger than %(n)d kB.") % {"n": MAX_IMPORT_BYTES // 1000})
        try:
            content = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text.")) from None
        return content, "json" if upload.name.lower().endswith(".json") or content.lstrip()[:1] in "[{" else "csv"


class ErasureForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in the audit log: name no one)"), max_length=500,
                             widget=forms.TextInput(attrs={"placeholder": _("e.g. request of 3 May, ticket 214")}))
    confirm = forms.BooleanField(label=_("I understand that the erasure cannot be undone"))


class ClassroomForm(forms.Form):
    """A classroom's name (and school, for staff), its course skills and the goals plans aim at."""

    name = forms.CharField(label=_("Name"), max_length=200)
    school = RowChoiceField(label=_("School"), queryset=School.objects.all())
    skills = RowMultipleChoiceField(label=_("Course skills"), queryset=Skill.objects.order_by("name"),
                                    required=False, widget=forms.SelectMultiple(attrs={"size": 12}))
    goal_skills = RowMultipleChoiceField(
        label=_("Goal skills"), queryset=Skill.objects.order_by("name"), required=False,
        help_text=_("What plans aim at, among the course skills; none: every course skill."),
        widget=forms.SelectMultiple(attrs={"size": 12}))

    def __init__(self, *args, choose_school: bool, edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not choose_school:
            del self.fields["school"]
        if edit:
            del self.fields["name"]


class StudentAddForm(forms.Form):
    display_name = forms.CharField(label=_("Name"), max_length=200)
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Initial password"), required=False, max_length=128,
                               help_text=_("Leave it empty for a readable one made for you."))

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        errors = username_errors(username, usernames_taken([username]))
        if errors:
            raise ValidationError(errors)
        return username


def _read_upload(upload, max_bytes: int) -> bytes:
    if upload.size > max_bytes:
        raise ValidationError(_("The file is larger than %(n)d kB.") % {"n": max_bytes // 1000})
    return upload.read()


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=_("A CSV file of students"), required=False)
    content = forms.CharField(required=False, widget=forms.HiddenInput)  # the checked file, sent back to confirm

    def read(self) -> bytes:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return (self.cleaned_data.get("content") or "").encode()
        return _read_upload(upload, MAX_ROSTER_BYTES)


class EnrollForm(forms.Form):
    students = RowMultipleChoiceField(label=_("Students of the school"), queryset=Student.objects.none(),
                                      widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].queryset = candidates


class AttemptUploadForm(forms.Form):
    file = forms.FileField(label=_("A CSV file of attempts"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.ATTEMPT_UPLOAD_MAX_BYTES:
            raise ValidationError(_("The file is larger than %(n)d MB.")
                                  % {"n": settings.ATTEMPT_UPLOAD_MAX_BYTES // 1_000_000})
        return upload


class ApiTokenForm(forms.Form):
    """A new API token: which school, what for (a name), read or write."""

    school = RowChoiceField(label=_("School"), queryset=School.objects.order_by("name"))
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("What uses it, e.g. the school's LMS."))
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiScope.choices, initial=ApiScope.READ)
