"""Who is who and who may see whom: a user's student, the classrooms they teach, the students they may see."""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from learners.models import AttemptUpload, Classroom, Enrollment, Student


def current_enrollments() -> QuerySet[Enrollment]:
    """The enrolments the site counts: active ones, of active students in active classrooms (the API deactivates
    any of the three rather than deleting it; a deactivated one is kept, but no page, plan or export shows it)."""
    return Enrollment.objects.filter(_current())


def _current(via: str = "") -> Q:
    """The condition of `current_enrollments`, on the enrolments reached `via` a relation ("enrollments__")."""
    return Q(**{f"{via}active": True, f"{via}student__active": True, f"{via}classroom__active": True})


def student_for_user(user) -> Student | None:
    return Student.objects.filter(user=user).first() if user.is_authenticated else None


def classrooms_for_user(user) -> QuerySet[Classroom]:
    """The active classrooms a user teaches (every active one for staff), each with its `student_total`."""
    classrooms = Classroom.objects.filter(active=True).select_related("school")
    if not user.is_staff:
        classrooms = classrooms.filter(teachers__user=user)
    return classrooms.annotate(student_total=Count("enrollments", filter=_current("enrollments__"), distinct=True)) \
        .order_by("school__name", "name")


def visible_students(user) -> QuerySet[Student]:
    """Students a user may see: staff all (deactivated ones too), a teacher those enrolled in their classrooms
    now, a student only themself."""
    if not user.is_authenticated:
        return Student.objects.none()
    if user.is_staff:
        return Student.objects.all()
    return Student.objects.filter(Q(user=user) | Q(pk__in=_taught(user)))


def own_students(user) -> QuerySet[Student]:
    """The students enrolled now in the classrooms a user teaches."""
    return Student.objects.filter(pk__in=_taught(user))


def _taught(user) -> QuerySet[Enrollment]:
    return current_enrollments().filter(classroom__teachers__user=user).values("student_id")


def upload_students(user) -> dict[str, int]:
    """The students an attempts file of this user may name, by external id or username -> pk: those of the
    classrooms the user teaches."""
    names: dict[str, int] = {}
    for pk, external_id, username in own_students(user).values_list("pk", "external_id", "user__username"):
        names.update({name: pk for name in (external_id, username) if name})
    return names


def classroom_students(classroom: Classroom) -> QuerySet[Student]:
    """The students enrolled in the classroom now (none if it is deactivated)."""
    students = Student.objects.filter(pk__in=enrolled_ids(classroom)).select_related("user")
    return students.order_by("display_name", "external_id")


def enrolled_ids(classroom: Classroom) -> QuerySet[Enrollment]:
    """The pks of the students enrolled in the classroom now, as a subquery (`student__in=...`)."""
    return current_enrollments().filter(classroom=classroom).values("student_id")


def student_classrooms(student_ids) -> QuerySet[Enrollment]:
    """(student pk, classroom pk) of the students' current enrolments."""
    return current_enrollments().filter(student__in=student_ids).values_list("student_id", "classroom_id")


def classroom_members(student_ids) -> dict[int, set[int]]:
    """Classroom pk -> those of the students enrolled in it now."""
    members = defaultdict(set)
    for student, room in student_classrooms(student_ids):
        members[room].add(student)
    return dict(members)


def attempt_uploads_for_user(user) -> QuerySet[AttemptUpload]:
    """The attempts files this user uploaded (staff: every one)."""
    uploads = AttemptUpload.objects.select_related("classroom")
    return uploads if user.is_staff else uploads.filter(uploaded_by=user, classroom__teachers__user=user)


def school_students_outside(classroom: Classroom) -> QuerySet[Student]:
    """Active students of the classroom's school who are not in it now (to enrol)."""
    inside = Enrollment.objects.filter(classroom=classroom, active=True).values("student_id")
    return (Student.objects.filter(school=classroom.school, active=True).exclude(pk__in=inside)
            .select_related("user").order_by("display_name", "external_id"))


# -- a roster file, checked before anything is written ----------------------------------------------------------
ROSTER_COLUMNS = ("name", "username", "password")
ROSTER_REQUIRED = ("name", "username")
MAX_ROSTER_ROWS = 500
MAX_ROSTER_BYTES = 200_000
MAX_NAME = 200


@dataclass
class RosterRow:
    line: int
    name: str
    username: str
    password: str
    errors: list[str] = field(default_factory=list)


@dataclass
class RosterCheck:
    rows: list[RosterRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)  # what is wrong with the file as a whole

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.file_errors and not any(r.errors for r in self.rows)

    @property
    def bad_rows(self) -> int:
        return sum(1 for r in self.rows if r.errors)


def roster_check(content: bytes) -> RosterCheck:
    """Every row of a roster CSV (name, username, password optional) with what is wrong with it, by line and
    column: nothing is written here."""
    check = RosterCheck()
    if len(content) > MAX_ROSTER_BYTES:
        check.file_errors.append(_("The file is larger than %(n)d kB.") % {"n": MAX_ROSTER_BYTES // 1000})
        return check
    if b"\x00" in content:
        line = content[:content.index(b"\x00")].count(b"\n") + 1
        check.file_errors.append(_("Line %(line)d holds a NUL byte: is this a CSV text file?") % {"line": line})
        return check
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[:error.start].count(b"\n") + 1
        check.file_errors.append(_("Line %(line)d is not UTF-8 text: save the file as CSV UTF-8.") % {"line": line})
        return check
    try:
        table = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        check.file_errors.append(_("The file is not readable as CSV: %(error)s") % {"error": error})
        return check
    header = [h.strip().lower() for h in table[0]] if table else []
    check.file_errors += _header_errors(header)
    if check.file_errors:
        return check
    body = [(number, cells) for number, cells in enumerate(table[1:], start=2) if any(c.strip() for c in cells)]
    if len(body) > MAX_ROSTER_ROWS:
        check.file_errors.append(_("The file has %(n)d students; at most %(max)d can be added at once: split it.")
                                 % {"n": len(body), "max": MAX_ROSTER_ROWS})
        return check
    taken = usernames_taken([cells[header.index("username")] for _, cells in body
                             if len(cells) > header.index("username")])
    check.rows = [_roster_row(number, header, cells, taken) for number, cells in body]
    _duplicate_errors(check.rows)
    return check


def _header_errors(header: list[str]) -> list[str]:
    known = ", ".join(ROSTER_COLUMNS)
    unknown = [h for h in header if h not in ROSTER_COLUMNS]
    if unknown:
        return [_("Line 1: unknown column “%(column)s” (the columns are: %(known)s).")
                % {"column": unknown[0][:40], "known": known}]
    missing = [c for c in ROSTER_REQUIRED if c not in header]
    if missing:
        return [_("Line 1: the column “%(column)s” is missing (the columns are: %(known)s).")
                % {"column": missing[0], "known": known}]
    repeated = [h for h in set(header) if header.count(h) > 1]
    if repeated:
        return [_("Line 1: the column “%(column)s” is there twice.") % {"column": repeated[0]}]
    return []


def _roster_row(number: int, header: list[str], cells: list[str], taken: set[str]) -> RosterRow:
    values = {name: value.strip() for name, value in zip(header, cells)}
    row = RosterRow(number, values.get("name", ""), values.get("username", ""), values.get("password", ""))
    if len(cells) > len(header):
        row.errors.append(_("%(n)d values where the header has %(columns)d columns.")
                          % {"n": len(cells), "columns": len(header)})
    if not row.name:
        row.errors.append(_("Column name: the name is missing."))
    elif len(row.name) > MAX_NAME:
        row.errors.append(_("Column name: longer than %(n)d characters.") % {"n": MAX_NAME})
    row.errors += [_("Column username: %(error)s") % {"error": e} for e in username_errors(row.username, taken)]
    if row.password:
        try:
            validate_password(row.password)
        except ValidationError as error:
            row.errors += [_("Column password: %(error)s") % {"error": e} for e in error.messages]
    return row


def usernames_taken(usernames: list[str]) -> set[str]:
    """Those of the usernames (lower-cased) that someone has, whatever the case (one query)."""
    wanted = {u.strip().lower() for u in usernames if u.strip()}
    found = get_user_model().objects.annotate(lower=Lower("username")).filter(lower__in=wanted)
    return set(found.values_list("lower", flat=True))


def username_errors(username: str, taken: set[str]) -> list[str]:
    """What is wrong with a new student's username: blank, too long, bad characters, or taken (`taken`:
    `usernames_taken`'s answer)."""
    if not username:
        return [_("the username is missing.")]
    field = get_user_model()._meta.get_field("username")
    if len(username) > field.max_length:
        return [_("longer than %(n)d characters.") % {"n": field.max_length}]
    try:
        for validator in field.validators:
            validator(username)
    except ValidationError as error:
        return list(error.messages)
    if username.lower() in taken:
        return [_("“%(username)s” is taken.") % {"username": username}]
    return []


def _duplicate_errors(rows: list[RosterRow]) -> None:
    first: dict[str, int] = {}
    for row in rows:
        key = row.username.lower()
        if key and key in first:
            row.errors.append(_("Column username: “%(username)s” is also on line %(line)d.")
                              % {"username": row.username, "line": first[key]})
        first.setdefault(key, row.line)
