"""Attempts files uploaded in the browser: a report of every bad row before anything is written, then the import
(a large file on the worker, its progress polled by static/js/upload_progress.js)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learners.importers import FileRefused
from learners.selectors import attempts, rosters
from learners.services import attempt_uploads
from portal.access import taught_classroom, teaching
from portal.forms import AttemptUploadForm


@login_required
def attempts_upload(request, classroom_id: int):
    room = taught_classroom(request.user, classroom_id)
    form = AttemptUploadForm(request.POST or None, request.FILES or None)
    report = upload = None
    if request.method == "POST" and form.is_valid():
        try:
            report, upload = attempt_uploads.attempt_upload_check(uploaded_by=request.user, classroom=room,
                                                                  file=form.cleaned_data["file"])
        except FileRefused as refused:
            form.add_error("file", _("This file cannot be read: %(reason)s.") % {"reason": refused})
    bad = form.errors or (report is not None and upload is None)
    return render(request, "teacher/attempts_upload.html", {
        "classroom": room, "tab": "upload", "form": form, "report": report, "upload": upload,
        "restricted": not request.user.is_staff,
    }, status=400 if bad else 200)


def _own_upload(user, upload_id: int):
    if not teaching(user):
        raise Http404
    return get_object_or_404(rosters.attempt_uploads_for_user(user), pk=upload_id)


@login_required
@require_POST
def upload_import(request, upload_id: int):
    """Import the checked file (once; sent again, nothing more happens)."""
    upload = _own_upload(request.user, upload_id)
    attempt_uploads.attempt_upload_start(upload=upload)
    return redirect("attempts-upload-status", upload_id=upload.pk)


@login_required
def upload_status(request, upload_id: int):
    """How the import goes."""
    upload = _own_upload(request.user, upload_id)
    return render(request, "teacher/upload_status.html", {
        "classroom": upload.classroom, "tab": "upload", "upload": upload,
        "progress": attempts.attempt_upload_progress(upload)})


@login_required
def upload_status_json(request, upload_id: int):
    return JsonResponse(attempts.attempt_upload_progress(_own_upload(request.user, upload_id)))
