"""The shared exercise bank: verified generated exercises for every skill a generator practises."""
from django.db import transaction

from learners.exercises.bank import DEFAULT_PER_SKILL, DEFAULT_SEED, BankFill, bank_rows
from learners.models import Exercise


@transaction.atomic
def exercise_bank_fill(*, per_skill: int = DEFAULT_PER_SKILL, seed: int = DEFAULT_SEED) -> BankFill:
    """Store the bank's missing exercises (`learners.exercises.bank.bank_rows`); what was added and refused."""
    rows, fill = bank_rows(per_skill=per_skill, seed=seed)
    Exercise.objects.bulk_create(rows, batch_size=500)
    fill.added = len(rows)
    return fill
