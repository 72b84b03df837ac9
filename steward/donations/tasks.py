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
