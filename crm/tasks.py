import logging

from celery import shared_task
from django.core.cache import cache

from . import services
from .diffbot import DiffbotError, diffbot_company_lookup
from .selectors import enrichment_cache_key
from .services import ENRICHMENT_TTL

logger = logging.getLogger(__name__)
IMPORT_CRASHED = "The import stopped on an unexpected error and nothing was written. Please upload the file again."


@shared_task(acks_late=True)
def company_enrichment_fetch(*, agency_id: int, lookup: str, website: str) -> None:
    """Look ``website`` up on Diffbot and leave the outcome in the cache for the agency's form to read."""
    key = enrichment_cache_key(agency_id=agency_id, lookup=lookup)
    if (cache.get(key) or {}).get("status") != "pending":
        return
    try:
        outcome = {"status": "done", "fields": diffbot_company_lookup(website)}
    except DiffbotError as exc:
        outcome = {"status": "failed", "message": str(exc)}
    cache.set(key, outcome, ENRICHMENT_TTL)


@shared_task(bind=True, acks_late=True, max_retries=3, soft_time_limit=1800, time_limit=1900)
def csv_import_task(self, *, agency_id: int, import_id: int) -> str:
    """Check or import a CSV file. Safe to deliver twice: only an import in the matching state is
    taken, under a row lock, and its state moves on in the same transaction."""
    try:
        return services.csv_import_process(agency_id=agency_id, import_id=import_id)
    except Exception as exc:
        logger.exception("CSV import %s of agency %s could not be completed", import_id, agency_id)
        if not self.request.is_eager and self.request.retries < self.max_retries:
            raise self.retry(countdown=30 * 2**self.request.retries, exc=exc) from exc
        services.csv_import_fail(agency_id=agency_id, import_id=import_id, message=IMPORT_CRASHED)
        return "failed"


@shared_task
def csv_import_sweep_task() -> dict[str, int]:
    """Put back imports that lost their task, and expire uploads left unfinished (every ten minutes)."""
    return services.csv_import_sweep()
