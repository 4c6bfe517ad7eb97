"""A school's classrooms and who is enrolled in them: list, read, create, update, deactivate."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from learners.selectors import school_scope
from learners.services import rosters
from portal.api import auth
from portal.api.types import Body, Id, Page, text

router = Router(tags=["roster"])


class ClassroomOut(Schema):
    id: int
    name: str
    active: bool
    created_at: dt.datetime


class ClassroomIn(Body):
    name: text(200, min_length=1)


class ClassroomPatch(Body):
    name: text(200, min_length=1) | None = None
    active: bool | None = None


class EnrolmentOut(Schema):
    classroom_id: int
    student_id: int
    active: bool
    joined_at: dt.datetime


class EnrolmentIn(Body):
    student_id: Id


class EnrolmentPatch(Body):
    active: bool


@router.get("/classrooms", response=list[ClassroomOut], summary="List the school's classrooms")
@paginate(Page)
def classroom_list(request: HttpRequest, active: bool | None = None):
    return school_scope.school_classrooms(auth.school(request), active=active)


@router.get("/classrooms/{classroom_id}", response=ClassroomOut, summary="Read a classroom")
def classroom_read(request: HttpRequest, classroom_id: Id):
    return school_scope.school_classroom(auth.school(request), classroom_id)


@router.post("/classrooms", auth=auth.write, response={201: ClassroomOut}, summary="Add a classroom")
def classroom_create(request: HttpRequest, payload: ClassroomIn):
    return Status(201, rosters.classroom_create(school=auth.school(request), name=payload.name, actor=request.auth))


@router.patch("/classrooms/{classroom_id}", auth=auth.write, response=ClassroomOut, summary="Change a classroom")
def classroom_update(request: HttpRequest, classroom_id: Id, payload: ClassroomPatch):
    classroom = school_scope.school_classroom(auth.school(request), classroom_id)
    return rosters.classroom_update(classroom=classroom, actor=request.auth, **payload.model_dump(exclude_unset=True))


@router.delete("/classrooms/{classroom_id}", auth=auth.write, response=ClassroomOut,
               summary="Deactivate a classroom (kept, with its enrolments)")
def classroom_deactivate(request: HttpRequest, classroom_id: Id):
    return rosters.classroom_deactivate(classroom=school_scope.school_classroom(auth.school(request), classroom_id),
                                        actor=request.auth)


@router.get("/classrooms/{classroom_id}/enrolments", response=list[EnrolmentOut],
            summary="List a classroom's enrolments")
@paginate(Page)
def enrolment_list(request: HttpRequest, classroom_id: Id, active: bool | None = None):
    classroom = school_scope.school_classroom(auth.school(request), classroom_id)
    return school_scope.classroom_enrollments(classroom, active=active)


@router.get("/classrooms/{classroom_id}/enrolments/{student_id}", response=EnrolmentOut,
            summary="Read an enrolment")
def enrolment_read(request: HttpRequest, classroom_id: Id, student_id: Id):
    classroom = school_scope.school_classroom(auth.school(request), classroom_id)
    return school_scope.classroom_enrollment(classroom, student_id)


@router.post("/classrooms/{classroom_id}/enrolments", auth=auth.write, response={200: EnrolmentOut, 201: EnrolmentOut},
             summary="Enrol a student (201), or make their enrolment active again (200)")
def enrolment_create(request: HttpRequest, classroom_id: Id, payload: EnrolmentIn):
    school = auth.school(request)
    classroom = school_scope.school_classroom(school, classroom_id)
    student = school_scope.school_student(school, payload.student_id)
    enrollment, created = rosters.enrollment_set(classroom=classroom, student=student, actor=request.auth)
    return Status(201 if created else 200, enrollment)


@router.patch("/classrooms/{classroom_id}/enrolments/{student_id}", auth=auth.write, response=EnrolmentOut,
              summary="Make an enrolment active or not")
def enrolment_update(request: HttpRequest, classroom_id: Id, student_id: Id, payload: EnrolmentPatch):
    return _enrolment_set(request, classroom_id, student_id, active=payload.active)


@router.delete("/classrooms/{classroom_id}/enrolments/{student_id}", auth=auth.write, response=EnrolmentOut,
               summary="Deactivate an enrolment")
def enrolment_deactivate(request: HttpRequest, classroom_id: Id, student_id: Id):
    return _enrolment_set(request, classroom_id, student_id, active=False)


def _enrolment_set(request: HttpRequest, classroom_id: int, student_id: int, *, active: bool):
    school = auth.school(request)
    classroom = school_scope.school_classroom(school, classroom_id)
    enrollment = school_scope.classroom_enrollment(classroom, student_id)
    return rosters.enrollment_set(classroom=classroom, student=enrollment.student, active=active,
                                  actor=request.auth)[0]
