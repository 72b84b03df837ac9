"""Celery tasks for donations: thin, idempotent, they call services."""

from celery import shared_task


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def receipt_send(self, gift_id: int) -> str | None:
    """Issue the gift's receipt (numbered once), render its PDF and email it; safe to run twice."""
    from . import receipts

    try:
        receipt = receipts.receipt_issue_and_send(gift_id=gift_id)
    except receipts.ReceiptDeliveryError as error:
        raise self.retry(exc=error) from error
    return receipt.display_number if receipt else None


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def tribute_notice_send(self, gift_id: int) -> bool:
    """Tell the person named to notify of a tribute gift, once."""
    from . import receipts

    try:
        return receipts.tribute_notice_send(gift_id=gift_id)
    except receipts.ReceiptDeliveryError as error:
        raise self.retry(exc=error) from error


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
def card_expiry_notices_send() -> int:
    """Tell donors whose card expires before their next charge (once per charge date)."""
    from . import recurring

    return recurring.card_expiry_notices_send()


# Registers the Stripe event tasks with the worker (autodiscovery imports only this module).
from .stripe import tasks as stripe_tasks  # noqa: E402, F401
