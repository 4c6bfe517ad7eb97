"""Teachers' own exercises (authoring): written for one classroom and skill, checked when saved (the answer must be
one the checker accepts as stored, under the rounding, unit and form the teacher states), imported and exported as
CSV or JSON. A classroom's own exercises are shown to its students before the shared bank's."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from learners.csv_export import BOM, csv_text, from_cell
from learners.answers import UNITS, Unreadable, answer_problems, normalized
from learners.models import AnswerForm, AnswerKind, Classroom, Exercise, Skill
from learners.selectors.content import classroom_exercises

SOURCE = "teacher"
MAX_PROMPT_CHARS = 2000
MAX_IMPORT_ROWS = 500
MAX_IMPORT_BYTES = 1_000_000
COLUMNS = ("prompt", "kind", "answer", "choices", "decimals", "unit", "form", "hint", "solution")
KINDS = (AnswerKind.NUMBER, AnswerKind.EXPRESSION, AnswerKind.CHOICE, AnswerKind.POINT)
FORMS = {AnswerKind.NUMBER: ("", AnswerForm.FRACTION, AnswerForm.SIMPLEST, AnswerForm.MIXED, AnswerForm.DECIMAL,
                             AnswerForm.SCIENTIFIC),
         AnswerKind.EXPRESSION: ("", AnswerForm.FACTORED, AnswerForm.EXPANDED, AnswerForm.POWER),
         AnswerKind.CHOICE: ("",), AnswerKind.POINT: ("",)}


@dataclass(frozen=True)
class ExerciseDraft:
    """What a teacher writes, before it is checked."""

    prompt: str
    kind: str
    answer: str
    choices: tuple[str, ...] = ()
    decimals: int | None = None
    unit: str = ""
    form: str = ""
    hint: str = ""
    solution: str = ""

    def exercise(self, **where) -> Exercise:
        return Exercise(prompt=self.prompt, answer_kind=self.kind, answer=self.answer, choices=list(self.choices),
                        decimals=self.decimals, unit=self.unit, form=self.form, hint=self.hint,
                        solution=self.solution, **where)


def canonical_unit(text: str) -> str:
    """A unit as a teacher types it (cm², sq ft, degrees) -> the checker's name for it; '' for none."""
    try:
        written = normalized(text).replace(" ", "").replace("{", "").replace("}", "").lower()
    except Unreadable as error:
        raise ValidationError({"unit": [str(error)]}) from None
    if not written:
        return ""
    if written not in UNITS:
        raise ValidationError({"unit": _("%(unit)s is not a unit the checker knows (e.g. cm, m^2, °, %%, $).")
                                       % {"unit": text}})
    return UNITS[written]


def draft_problems(draft: ExerciseDraft) -> dict[str, list[str]]:
    """Field -> what is wrong with the draft (empty when it can be saved)."""
    errors: dict[str, list[str]] = {}
    if not draft.prompt.strip():
        errors["prompt"] = [_("Write the question.")]
    elif len(draft.prompt) > MAX_PROMPT_CHARS:
        errors["prompt"] = [_("The question is longer than %(n)d characters.") % {"n": MAX_PROMPT_CHARS}]
    if draft.kind not in KINDS:
        errors["kind"] = [_("Choose a kind of answer.")]
        return errors
    if draft.form not in FORMS[draft.kind]:
        errors["form"] = [_("This form does not go with this kind of answer.")]
    if draft.decimals is not None and not 0 <= draft.decimals <= 6:
        errors["decimals"] = [_("Round to between 0 and 6 decimal places.")]
    if draft.kind == AnswerKind.CHOICE and (len(draft.choices) < 2 or len(set(draft.choices)) < len(draft.choices)):
        errors["choices"] = [_("Give at least two different choices, one per line.")]
    if not draft.answer.strip():
        errors["answer"] = [_("Write the answer.")]
    elif not errors:
        problems = answer_problems(kind=draft.kind, answer=draft.answer, choices=list(draft.choices),
                                   decimals=draft.decimals, unit=draft.unit, form=draft.form)
        if problems:
            errors["answer"] = [_("The checker would not accept this answer as it is: %(why)s")
                                % {"why": " ".join(problems)}]
    return errors


def _checked(draft: ExerciseDraft) -> None:
    errors = draft_problems(draft)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def exercise_save(*, classroom: Classroom, skill: Skill, author, draft: ExerciseDraft,
                  exercise: Exercise | None = None) -> Exercise:
    """A classroom's own exercise, new or edited, saved only when its answer is one the checker accepts."""
    _checked(draft)
    if exercise is not None and (exercise.classroom_id != classroom.pk or exercise.skill_id != skill.pk):
        raise ValidationError(_("This exercise belongs to another classroom or skill."))
    row = draft.exercise(classroom=classroom, skill=skill, author=author, source=SOURCE)
    if exercise is not None:
        row.pk, row.created_at, row.external_id = exercise.pk, exercise.created_at, exercise.external_id
    row.save()
    return row


@transaction.atomic
def exercise_delete(*, classroom: Classroom, exercise: Exercise) -> None:
    if exercise.classroom_id != classroom.pk:
        raise ValidationError(_("This exercise belongs to another classroom."))
    exercise.delete()


# -- import and export ------------------------------------------------------------------------------------
@dataclass
class ImportPreview:
    drafts: list[ExerciseDraft] = field(default_factory=list)  # the rows that can be imported
    errors: list[str] = field(default_factory=list)  # "row 3: answer: ..." (nothing is imported while any)
    already: int = 0  # rows that are exercises the classroom's students already get


def _row_dict(exercise: Exercise) -> dict:
    return {"prompt": exercise.prompt, "kind": exercise.answer_kind, "answer": exercise.answer,
            "choices": [str(c) for c in exercise.choices], "decimals": exercise.decimals, "unit": exercise.unit,
            "form": exercise.form, "hint": exercise.hint, "solution": exercise.solution}


def exercises_export(exercises, fmt: str) -> str:
    """The exercises as CSV (choices joined by ' | ', see `learners.csv_export`) or JSON. Exercises
    with a figure are left out: a figure is drawn by the server's generators and never imported."""
    rows = [_row_dict(e) for e in exercises if not e.figure]
    if fmt == "json":
        return json.dumps({"exercises": rows}, ensure_ascii=False, indent=2)
    return csv_text(COLUMNS, ([" | ".join(row["choices"]) if k == "choices" else row[k] for k in COLUMNS]
                              for row in rows))


LIMITS = {"prompt": MAX_PROMPT_CHARS, "answer": 200, "hint": 1000, "solution": 2000, "unit": 20, "kind": 20,
          "form": 20, "decimals": 2}  # characters, as the form allows
MAX_CHOICE_CHARS = 200


def _clean_text(name: str, value) -> str:
    """A cell as text, refused when a database could not store it or a student could not read it."""
    text = "" if value is None else from_cell(str(value)).strip()
    if "\x00" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise ValidationError({name: [_("It holds characters that are not text.")]})
    if len(text) > LIMITS.get(name, MAX_CHOICE_CHARS):
        limit = LIMITS.get(name, MAX_CHOICE_CHARS)
        raise ValidationError({name: [_("It is longer than %(n)d characters.") % {"n": limit}]})
    return text


def _draft_from_row(row: dict) -> ExerciseDraft:
    """One CSV or JSON row as a draft; raises ValidationError for a value of the wrong type or size."""
    choices = row.get("choices") or []
    if isinstance(choices, str):
        choices = [c.strip() for c in from_cell(choices).split("|")] if choices.strip() else []
    if not isinstance(choices, list) or not all(isinstance(c, (str, int, float)) for c in choices):
        raise ValidationError({"choices": [_("Give the choices as a list of texts.")]})
    decimals = _clean_text("decimals", row.get("decimals"))
    if decimals and not (decimals.isascii() and decimals.isdigit()):
        raise ValidationError({"decimals": [_("Give the decimal places as a whole number from 0 to 6.")]})
    return ExerciseDraft(prompt=_clean_text("prompt", row.get("prompt")),
                         kind=_clean_text("kind", row.get("kind")).lower(),
                         answer=_clean_text("answer", row.get("answer")),
                         choices=tuple(_clean_text("choices", c) for c in choices),
                         decimals=int(decimals) if decimals else None,
                         unit=canonical_unit(_clean_text("unit", row.get("unit"))),
                         form=_clean_text("form", row.get("form")).lower(), hint=_clean_text("hint", row.get("hint")),
                         solution=_clean_text("solution", row.get("solution")))


def _rows(content: str, fmt: str) -> list[dict]:
    """The file's rows (dicts); raises ValidationError saying why a file cannot be read."""
    try:
        return _json_rows(content) if fmt == "json" else _csv_rows(content)
    except (ValueError, RecursionError, csv.Error) as error:  # JSONDecodeError is a ValueError
        kind = "JSON" if fmt == "json" else "CSV"
        raise ValidationError(_("This %(kind)s file cannot be read: %(error)s.")
                              % {"kind": kind, "error": str(error)[:200]}) from None


def _json_rows(content: str) -> list[dict]:
    data = json.loads(content)
    rows = data.get("exercises") if isinstance(data, dict) else data
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValidationError(_('The JSON must be a list of exercises, or {"exercises": [...]}.'))
    return rows


def _csv_rows(content: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(content.removeprefix(BOM)))  # an export read back as it is
    missing = {"prompt", "kind", "answer"} - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(_("The CSV needs the columns %(columns)s.") % {"columns": ", ".join(sorted(missing))})
    return list(reader)


def exercises_import_preview(*, classroom: Classroom, skill: Skill, content: str, fmt: str) -> ImportPreview:
    """Read and check every row; nothing is written. Rows equal to an exercise the students already get are
    left out (importing an export again adds nothing)."""
    if len(content.encode()) > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is larger than %(n)d kB.") % {"n": MAX_IMPORT_BYTES // 1000})
    rows = _rows(content, fmt)
    if len(rows) > MAX_IMPORT_ROWS:
        raise ValidationError(_("The file has %(n)d exercises; import at most %(max)d at a time.")
                              % {"n": len(rows), "max": MAX_IMPORT_ROWS})
    known = {(e.prompt.strip(), e.answer.strip()) for e in classroom_exercises(classroom, skill)}
    preview = ImportPreview()
    for number, row in enumerate(rows, start=2 if fmt == "csv" else 1):
        try:
            draft = _draft_from_row(row)
            _checked(draft)
        except ValidationError as error:
            where = _("line %(n)d") % {"n": number} if fmt == "csv" else _("exercise %(n)d") % {"n": number}
            for name, messages in error.message_dict.items() if hasattr(error, "error_dict") else [
                    ("", error.messages)]:
                preview.errors += [f"{where}: {name + ': ' if name else ''}{m}" for m in messages]
            continue
        if (draft.prompt, draft.answer) in known:
            preview.already += 1
        else:
            known.add((draft.prompt, draft.answer))
            preview.drafts.append(draft)
    return preview


@transaction.atomic
def exercises_import(*, classroom: Classroom, skill: Skill, author, content: str, fmt: str) -> int:
    """Import every row, or none if any is wrong (ValidationError lists them). Returns how many were added."""
    preview = exercises_import_preview(classroom=classroom, skill=skill, content=content, fmt=fmt)
    if preview.errors:
        raise ValidationError(preview.errors)
    Exercise.objects.bulk_create([d.exercise(classroom=classroom, skill=skill, author=author, source=SOURCE)
                                  for d in preview.drafts])
    return len(preview.drafts)
