"""Sign-in accounts: what staff require of them, and passwords set by someone else (both audited)."""
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from learners.models import AccountPolicy, AuditAction
from learners.services.audit import Target, audit_record


def user_target(user: AbstractBaseUser) -> Target:
    return Target(type="user", id=user.pk, label=user.get_username())


@transaction.atomic
def password_change_require(*, user: AbstractBaseUser, required: bool = True, actor=None) -> AccountPolicy:
    """Staff ask this user to choose a new password before using the site (or withdraw the request)."""
    policy, _ = AccountPolicy.objects.update_or_create(user=user, defaults={"must_change_password": required})
    audit_record(actor=actor, action=AuditAction.ACCOUNT_PASSWORD_CHANGE_REQUIRED, target=user_target(user),
                 details={"required": required})
    return policy


@transaction.atomic
def password_set(*, user: AbstractBaseUser, password: str, actor, reason: str = "") -> None:
    """Someone else (staff, a teacher) gives this user a new password; recorded, the password never."""
    user.set_password(password)
    user.save(update_fields=["password"])
    password_set_record(user=user, actor=actor, reason=reason)


def password_set_record(*, user: AbstractBaseUser, actor, reason: str = "") -> None:
    """Record that `actor` set this user's password (for a form that has saved it already)."""
    audit_record(actor=actor, action=AuditAction.ACCOUNT_PASSWORD_SET, target=user_target(user), reason=reason)


def password_changed(*, user: AbstractBaseUser) -> None:
    """The user chose a new password: nothing more is required of them."""
    AccountPolicy.objects.filter(user=user, must_change_password=True).update(must_change_password=False)
