"""Sign-in accounts: what staff require of them."""
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from learners.models import AccountPolicy


@transaction.atomic
def password_change_require(*, user: AbstractBaseUser, required: bool = True) -> AccountPolicy:
    """Staff ask this user to choose a new password before using the site (or withdraw the request)."""
    policy, _ = AccountPolicy.objects.update_or_create(user=user, defaults={"must_change_password": required})
    return policy


def password_changed(*, user: AbstractBaseUser) -> None:
    """The user chose a new password: nothing more is required of them."""
    AccountPolicy.objects.filter(user=user, must_change_password=True).update(must_change_password=False)
