"""Celery tasks for donations: thin, idempotent, they call services."""

from celery import shared_task


@shared_task
def recurring_charges_run(today: str | None = None) -> dict[str, int]:
    """The daily schedule: create the charges that are due, then run each in a task of its own."""
    import datetime as dt

    from . import recurring

    day = dt.date.fromisoformat(today) if today else None
    created = recurring.recurring_charges_schedule(today=day)
    due = recurring.recurring_charges_due_ids(today=day)
    for charge_id in due:
        recurring_charge_run.delay(charge_id, today)
    return {"created": created, "queued": len(due)}


@shared_task
def recurring_charge_run(charge_id: int, today: str | None = None) -> str:
    """Charge one installment; the service claims it first, so running twice never charges twice."""
    import datetime as dt

    from . import recurring

    return recurring.recurring_charge_run(charge_id=charge_id, today=dt.date.fromisoformat(today) if today else None)


@shared_task
def recurring_claims_recover() -> int:
    """Finish charges whose worker died mid-charge (claims older than the lease)."""
    from . import recurring

    return recurring.recurring_claims_recover()


@shared_task
def card_expiry_notices_send() -> int:
    """Tell donors whose card expires before their next charge (once per charge date)."""
    from . import recurring

    return recurring.card_expiry_notices_send()


# Registers the Stripe event tasks with the worker (autodiscovery imports only this module).
from .stripe import tasks as stripe_tasks  # noqa: E402, F401


@shared_task
def charge_notices_send(today: str | None = None) -> int:
    """Owe the advance notice of each automatic renewal and annual charge due within NOTICE_DAYS_BEFORE_CHARGE
    days (once per charge date; the outbox sends them)."""
    import datetime as dt

    from . import notices

    return notices.charge_notices_owe(today=dt.date.fromisoformat(today) if today else None)


@shared_task
def year_end_statements_send(today: str | None = None) -> dict[str, int]:
    """In the month after a tax year ends, owe every donor with counted gifts in it their statement, once each,
    unless staff hold the run; returns the statements owed so far per tax year run."""
    import datetime as dt

    from . import statements

    runs = statements.year_end_statements_run(today=dt.date.fromisoformat(today) if today else None)
    return {str(run.tax_year): run.statement_count for run in runs}
