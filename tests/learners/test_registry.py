"""The model versions' registry: the active version and the switch that activates one."""
import pytest

from learners import registry
from learners.models import ModelStatus, ModelVersion

pytestmark = pytest.mark.django_db


def test_it_refuses_to_activate_a_failed_version(media):
    version = ModelVersion.objects.create(status=ModelStatus.FAILED)
    with pytest.raises(ValueError, match="cannot be activated"):
        registry.version_activate(version=version)
