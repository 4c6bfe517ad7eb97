"""A student's own pages: *My plan*, and *My progress* with its content for any page that shows a student's
progress."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from learners.models import Student
from learners.selectors import assignments, attempts, plans
from learners.selectors.progress import Progress, student_progress
from learners.services import plans as plan_services
from portal.access import own_student
from portal.charts import student as charts
from portal.charts.base import Chart, downloadable


@login_required
def my_plan(request):
    student = own_student(request.user)
    plan_services.plan_of_today(student=student)  # made again first when it was made before today
    return render(request, "plan.html", {
        "student": student, "plan": plans.current_plan(student), "skills": attempts.student_skill_summary(student),
        "assignments": assignments.student_assignments(student),
    })


def progress_context(student: Student, *, for_teacher: bool = False) -> dict:
    """What `templates/partials/progress.html` needs: {"progress": the data and its four charts}, their words
    to the student, or (for_teacher) about them."""
    data = student_progress(student)
    return {"progress": {"data": data} | {
        key: downloadable(chart, reverse("student-chart", args=[student.pk, chart.dom_id]) if for_teacher
                          else reverse("my-progress-chart", args=[chart.dom_id]))
        for key, chart in progress_charts(data, for_teacher=for_teacher).items()}}


def progress_charts(data: Progress, *, for_teacher: bool = False) -> dict[str, Chart]:
    """The four charts of a student's progress, by their key in the template."""
    return {
        "mastery_chart": charts.mastery_chart(data.skills, more=data.more_skills, for_teacher=for_teacher),
        "timeline_chart": charts.mastery_over_time_chart(data.timeline, for_teacher=for_teacher),
        "forecast_chart": charts.plan_forecast_chart(data.goals, for_teacher=for_teacher),
        "trajectory_chart": charts.plan_trajectory_chart(data.trajectory, for_teacher=for_teacher),
    }


@login_required
def my_progress(request):
    student = own_student(request.user)
    return render(request, "progress.html", {"student": student, **progress_context(student)})
