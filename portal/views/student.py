"""A student's own pages: *My plan*, and *My progress* with its content for any page that shows a student's
progress."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from learners.models import Student
from learners.selectors import attempts, plans
from learners.selectors.progress import student_progress
from portal.access import own_student
from portal.charts import student as charts


@login_required
def my_plan(request):
    student = own_student(request.user)
    return render(request, "plan.html", {
        "student": student, "plan": plans.current_plan(student), "skills": attempts.student_skill_summary(student),
    })


def progress_context(student: Student, *, for_teacher: bool = False) -> dict:
    """What `templates/partials/progress.html` needs: {"progress": the data and its four charts}, their words
    to the student, or (for_teacher) about them."""
    data = student_progress(student)
    return {"progress": {
        "data": data,
        "mastery_chart": charts.mastery_chart(data.skills, more=data.more_skills, for_teacher=for_teacher),
        "timeline_chart": charts.mastery_over_time_chart(data.timeline, for_teacher=for_teacher),
        "forecast_chart": charts.plan_forecast_chart(data.goals, for_teacher=for_teacher),
        "trajectory_chart": charts.plan_trajectory_chart(data.trajectory, for_teacher=for_teacher),
    }}


@login_required
def my_progress(request):
    student = own_student(request.user)
    return render(request, "progress.html", {"student": student, **progress_context(student)})
