import pytest
import torch

# Tiny models: one thread is fastest, and immune to a busy machine's other processes.
torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def fast_password_hashing(request):
    if "settings" in request.fixturenames or request.config.pluginmanager.hasplugin("django"):
        request.getfixturevalue("settings").PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
