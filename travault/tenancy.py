"""Tenancy core: every tenant-owned row belongs to one agency, and every lookup is scoped to it.

Views resolve objects only through ``get_for_agency_or_404``: an object of another agency
and a missing object answer the same 404, so a foreign id never confirms it exists.
"""

import uuid
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone


class TenantQuerySet(models.QuerySet):
    def for_agency(self, agency):
        if agency is None:
            return self.none()
        return self.filter(agency=agency)


class TenantModel(models.Model):
    """Abstract base of every tenant-owned model: a non-null indexed agency and a public UUID."""

    agency = models.ForeignKey("agency.Agency", on_delete=models.CASCADE, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["agency", "uuid"], name="%(app_label)s_%(class)s_agency_uuid_unique"),
        ]


class TenancyMiddleware:
    """Puts the signed-in user's agency on ``request.agency`` (None for anonymous users) and shows
    and reads every date and time in the agency's timezone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        request.agency = user.agency if user is not None and user.is_authenticated else None
        if request.agency is None:
            return self.get_response(request)
        with timezone.override(zoneinfo.ZoneInfo(request.agency.timezone)):
            return self.get_response(request)


def scoped(model_or_queryset, request):
    """The rows of ``model_or_queryset`` that belong to the request's agency."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, models.QuerySet)
        else model_or_queryset._default_manager.all()
    )
    agency = getattr(request, "agency", None)
    if agency is None:
        return queryset.none()
    return queryset.filter(agency=agency)


def get_for_agency_or_404(model_or_queryset, request, **lookup):
    """One object of the request's agency, or 404 whether it is missing or belongs to another agency."""
    try:
        return scoped(model_or_queryset, request).get(**lookup)
    except (models.ObjectDoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404("No such object.") from exc
