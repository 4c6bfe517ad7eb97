"""Sign-in accounts: what is required of them."""
from django.contrib.auth.models import AbstractBaseUser

from learners.models import AccountPolicy


def must_change_password(user: AbstractBaseUser) -> bool:
    return AccountPolicy.objects.filter(user=user, must_change_password=True).exists()
