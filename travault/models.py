import uuid

from django.db import models
from django.utils import timezone


class OutboundEmail(models.Model):
    """One email the project sends, written in the same transaction as the change that caused it.

    The delivery task claims a row with a conditional update before sending, so two workers never
    send one row twice; the beat sweep re-enqueues rows still pending, so a broker or SMTP outage
    delays mail but loses none. ``agency`` is empty only for platform staff, who have none.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    agency = models.ForeignKey("agency.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    to = models.JSONField()
    subject = models.CharField(max_length=998)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status__in=["pending", "sending"]),
                name="travault_outbox_due_idx",
            ),
            models.Index(fields=["agency", "status", "-created_at"], name="travault_outbox_agency_idx"),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)} ({self.status})"
