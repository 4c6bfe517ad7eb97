"""Staff pages: model versions, training runs with live progress, retraining and rollback."""
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from learners.selectors.training import model_versions, training_run_summary, training_runs
from learners.services.training import TrainingInProgress, retrain_request
from learners.services.versions import version_rollback_request
from learners.models import ModelVersion
from portal.charts import staff as charts


MANAGE_MODELS = "learners.change_modelversion"  # the permission to retrain and to activate versions


def staff_only(view):
    """Anyone but staff gets a 404: the page's existence is not theirs to know."""

    @wraps(view)
    @login_required
    def guarded(request, *args, **kwargs):
        if not request.user.is_staff:
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def staff_with(permission: str):
    """Staff without `permission` get a 403 on the actions it guards (anyone else a 404)."""

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return staff_only(guarded)

    return decorator


may_manage_models = staff_with(MANAGE_MODELS)


@require_GET
@staff_only
def models_page(request):
    versions, runs = list(model_versions()), list(training_runs())
    latest = next((run for run in runs if run.history), None)
    return render(request, "staff/models.html", {
        "versions": versions, "runs": [training_run_summary(run) for run in runs],
        "versions_chart": charts.versions_auc(versions), "curve": charts.learning_curve(latest) if latest else None,
    })


@require_GET
@staff_only
def runs_json(request):
    return JsonResponse({"runs": [training_run_summary(run) for run in training_runs()]})


@may_manage_models
@require_POST
def retrain(request):
    try:
        run = retrain_request(requested_by=request.user)
    except TrainingInProgress as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Training run %(run)s is queued.") % {"run": run.pk})
    return redirect("staff-models")


@may_manage_models
@require_POST
def activate(request, version_id: int):
    version = get_object_or_404(ModelVersion, pk=version_id)
    try:
        version_rollback_request(version=version, requested_by=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Version %(version)s is being activated: every student's model and plan "
                                    "is regenerated with it.") % {"version": version.pk})
    return redirect("staff-models")
