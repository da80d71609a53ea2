"""Who may change an activity or a reminder, beyond the role's permission to log activity."""

from travault.permissions import has_permission


def can_manage(user, activity) -> bool:
    """The activity's author, or anyone who may manage every activity, may edit or delete it."""
    return activity.author_id == user.pk or has_permission(user, "manage_any_activity")


def can_complete(user, reminder) -> bool:
    """The reminder's assignee or creator, or anyone who may manage every activity, may mark it done
    or snooze it."""
    return user.pk in (reminder.assignee_id, reminder.created_by_id) or has_permission(user, "manage_any_activity")
