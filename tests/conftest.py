import pytest
import torch

# Tiny models: one thread is fastest, and immune to a busy machine's other processes.
torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def django_test_settings(request):
    """Fast password hashing, and tasks run eagerly whatever the shell exports (the worker test opts out)."""
    if not request.config.pluginmanager.hasplugin("django"):
        return  # metacore's tests run with -p no:django
    from learners import refresh_queue
    from portal.celery import app

    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = "memory://", True
    app.conf.task_always_eager = True
    refresh_queue._redis.cache_clear()
    from django.core.cache import cache

    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)  # a test that switched language leaves it to no other test
    cache.clear()  # cached reads (e.g. a progress timeline) never leak from one test's database into another's


# The fixtures below need Django, so they import tests.fixtures when used (metacore's tests run without Django).
@pytest.fixture
def school(settings, tmp_path):
    """A school with two classrooms of 12 students, one teacher each, and a trained model (`trained_school`)."""
    from tests.fixtures import trained_school

    return trained_school(settings, tmp_path)


@pytest.fixture
def media(settings, tmp_path):
    """Model checkpoints go to a fresh folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def trained(settings, tmp_path):
    """20 seeded students with an active version trained on them (models, neighbours, cohorts, plans)."""
    from tests.fixtures import trained_students

    return trained_students(settings, tmp_path, 20)


@pytest.fixture
def api(db):
    """Two schools for the JSON API, each with a classroom, 3 students and tokens (`tests.fixtures.api_schools`)."""
    from tests.fixtures import api_schools

    return api_schools()


@pytest.fixture
def trained_api(school):
    """The trained school's two classrooms as two schools of the API (models, plans), with their tokens."""
    from tests.fixtures import api_schools

    return api_schools(school)
