"""A school's students: list, read, create (by external id), update, deactivate."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from learners.selectors import school_scope
from learners.services import rosters
from portal.api import auth
from portal.api.types import Id, Page, text

router = Router(tags=["roster"])


class StudentOut(Schema):
    id: int
    external_id: str | None
    display_name: str
    active: bool
    created_at: dt.datetime


class StudentIn(Schema):
    external_id: text(100, min_length=1) = Field(description="the school's own id of the student (unique)")
    display_name: text(200) = ""


class StudentPatch(Schema):
    external_id: text(100, min_length=1) | None = None
    display_name: text(200) | None = None
    active: bool | None = None


@router.get("/students", response=list[StudentOut], summary="List the school's students")
@paginate(Page)
def student_list(request: HttpRequest, active: bool | None = None):
    return school_scope.school_students(auth.school(request), active=active)


@router.get("/students/{student_id}", response=StudentOut, summary="Read a student")
def student_read(request: HttpRequest, student_id: Id):
    return school_scope.school_student(auth.school(request), student_id)


@router.post("/students", auth=auth.write, response={201: StudentOut}, summary="Add a student")
def student_create(request: HttpRequest, payload: StudentIn):
    return Status(201, rosters.school_student_create(school=auth.school(request), **payload.model_dump()))


@router.patch("/students/{student_id}", auth=auth.write, response=StudentOut, summary="Change a student")
def student_update(request: HttpRequest, student_id: Id, payload: StudentPatch):
    student = school_scope.school_student(auth.school(request), student_id)
    return rosters.student_update(student=student, **payload.model_dump(exclude_unset=True))


@router.delete("/students/{student_id}", auth=auth.write, response=StudentOut,
               summary="Deactivate a student (kept, with their attempts)")
def student_deactivate(request: HttpRequest, student_id: Id):
    return rosters.student_deactivate(student=school_scope.school_student(auth.school(request), student_id))
