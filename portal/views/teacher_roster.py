"""A teacher's classrooms and students: a new classroom and its skills, students added one by one or from a
roster file (checked before anything is written), enrolled and unenrolled, new passwords and login cards."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learners.selectors import rosters as reads
from learners.services import rosters
from portal.access import taught_classroom, taught_student, teaching
from portal.forms import ClassroomForm, EnrollForm, RosterUploadForm, StudentAddForm


@login_required
def classroom_new(request):
    if not teaching(request.user):
        raise Http404
    staff, teacher = request.user.is_staff, getattr(request.user, "teacher", None)
    school = None if staff else teacher.school
    form = ClassroomForm(request.POST or None, choose_school=staff)
    if request.method == "POST" and form.is_valid() and (staff or school):
        data = form.cleaned_data
        try:
            room = rosters.classroom_create(school=data.get("school") or school, name=data["name"],
                                            teachers=[teacher] if teacher else [], skills=data["skills"],
                                            goal_skills=data["goal_skills"], actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The classroom is made: add its students."))
            return redirect("classroom-students", classroom_id=room.pk)
    return render(request, "teacher/classroom_form.html", {"form": form, "no_school": not staff and not school},
                  status=400 if form.errors else 200)


@login_required
def classroom_edit(request, classroom_id: int):
    room = taught_classroom(request.user, classroom_id)
    initial = {"skills": room.skills.all(), "goal_skills": room.goal_skills.all()}
    form = ClassroomForm(request.POST or None, initial=initial, choose_school=False, edit=True)
    if request.method == "POST" and form.is_valid():
        try:
            rosters.classroom_skills_set(classroom=room, skills=form.cleaned_data["skills"],
                                         goal_skills=form.cleaned_data["goal_skills"], actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The course is saved; plans use it from their next regeneration."))
            return redirect("classroom-edit", classroom_id=room.pk)
    return render(request, "teacher/classroom_form.html", {"form": form, "classroom": room, "tab": "course"},
                  status=400 if form.errors else 200)


def _students_page(request, room, *, add_form=None, roster_form=None, enroll_form=None, handouts=(), status=200):
    candidates = reads.school_students_outside(room)
    return render(request, "teacher/students.html", {
        "classroom": room, "tab": "students", "students": reads.classroom_students(room),
        "add_form": add_form or StudentAddForm(), "roster_form": roster_form or RosterUploadForm(),
        "enroll_form": enroll_form or EnrollForm(candidates=candidates), "has_candidates": candidates.exists(),
        "handouts": handouts, "roster_columns": ", ".join(reads.ROSTER_COLUMNS), "max_rows": reads.MAX_ROSTER_ROWS,
    }, status=status)


@login_required
def classroom_students(request, classroom_id: int):
    """The roster; a POST adds one student, whose password is shown once on the answer."""
    room = taught_classroom(request.user, classroom_id)
    if request.method != "POST":
        return _students_page(request, room)
    form = StudentAddForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        new = rosters.NewStudent(data["display_name"], data["username"], data["password"])
        try:
            handouts = rosters.classroom_students_add(classroom=room, students=[new], actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _students_page(request, room, handouts=handouts)
    return _students_page(request, room, add_form=form, status=400)


@login_required
@require_POST
def roster_upload(request, classroom_id: int):
    """A roster file: every row checked and shown; written (all or nothing) only when the teacher confirms."""
    room = taught_classroom(request.user, classroom_id)
    form = RosterUploadForm(request.POST, request.FILES)
    try:
        content = form.read() if form.is_valid() else b""
    except ValidationError as error:
        form.add_error("file", error)
    if form.errors or not content:
        if not form.errors:
            form.add_error("file", _("Choose a CSV file first."))
        return _students_page(request, room, roster_form=form, status=400)
    check = reads.roster_check(content)
    if check.ok and request.POST.get("confirm"):
        new = [rosters.NewStudent(r.name, r.username, r.password) for r in check.rows]
        try:
            handouts = rosters.classroom_students_add(classroom=room, students=new, actor=request.user)
        except ValidationError as error:  # a username taken since the check
            check.file_errors += error.messages
        else:
            return _students_page(request, room, handouts=handouts)
    return render(request, "teacher/roster_preview.html", {
        "classroom": room, "tab": "students", "check": check, "content": content.decode("utf-8-sig", "replace"),
    }, status=200 if check.ok else 400)


@login_required
@require_POST
def classroom_enroll(request, classroom_id: int):
    room = taught_classroom(request.user, classroom_id)
    form = EnrollForm(request.POST, candidates=reads.school_students_outside(room))
    if not form.is_valid():
        return _students_page(request, room, enroll_form=form, status=400)
    added = rosters.enroll_students(classroom=room, students=form.cleaned_data["students"],
                                    actor=request.user)
    messages.success(request, _("%(n)d students enrolled.") % {"n": added})
    return redirect("classroom-students", classroom_id=room.pk)


@login_required
@require_POST
def classroom_unenroll(request, classroom_id: int, student_id: int):
    room = taught_classroom(request.user, classroom_id)
    student = get_object_or_404(reads.classroom_students(room), pk=student_id)
    rosters.student_unenroll(classroom=room, student=student, actor=request.user)
    messages.success(request, _("%(student)s has left the classroom; their work is kept.") % {"student": student})
    return redirect("classroom-students", classroom_id=room.pk)


@login_required
def login_cards(request, classroom_id: int):
    """What printing cards does (every student gets a new password), and the button that does it."""
    room = taught_classroom(request.user, classroom_id)
    return render(request, "teacher/cards_confirm.html", {"classroom": room, "tab": "students"})


@login_required
@require_POST
def login_cards_print(request, classroom_id: int):
    """The printable cards, each with a fresh password (shown only on this answer)."""
    room = taught_classroom(request.user, classroom_id)
    handouts = rosters.classroom_passwords_reset(classroom=room, actor=request.user)
    return render(request, "teacher/cards.html", {"classroom": room, "handouts": handouts})


@login_required
@require_POST
def student_password(request, student_id: int):
    """A new password for one student, shown once; they choose their own at the next sign-in."""
    student = taught_student(request.user, student_id)
    try:
        handout = rosters.student_password_reset(student=student, actor=request.user)
    except ValidationError as error:
        return render(request, "teacher/password_shown.html", {"student": student, "error": " ".join(error.messages)},
                      status=400)
    return render(request, "teacher/password_shown.html", {"student": student, "handout": handout})
