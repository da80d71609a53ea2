"""Seats are an agency's active users. Every service that changes them calls ``seats_changed``;
the handlers named in ``settings.SEAT_CHANGE_HANDLERS`` run with the agency id once the change
commits (billing's seat sync is one), so this app never imports the apps built on it."""

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string


def seat_count(agency) -> int:
    return agency.users.filter(is_active=True).count()


def seats_changed(agency) -> None:
    for dotted_path in settings.SEAT_CHANGE_HANDLERS:
        handler = import_string(dotted_path)
        transaction.on_commit(lambda handler=handler: handler(agency.pk))
