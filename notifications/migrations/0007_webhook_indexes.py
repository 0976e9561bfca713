from django.db import migrations, models

from privacy.schema import AddIndexConcurrently, RemoveIndexConcurrently, ValidateConstraint


class Migration(migrations.Migration):
    # While the outbox stays in use (privacy/schema.py): its indexes are built and the old
    # one dropped concurrently (the due messages' index now covers webhooks), and the
    # recipient check of 0006 is validated without blocking writes.
    atomic = False

    dependencies = [
        ('notifications', '0006_webhooks'),
    ]

    operations = [
        AddIndexConcurrently(
            model_name='notification',
            index=models.Index(condition=models.Q(('channel__in', ['email', 'push', 'webhook']), ('status', 'pending')), fields=['next_attempt_at'], name='notification_due_idx'),
        ),
        AddIndexConcurrently(
            model_name='notification',
            index=models.Index(condition=models.Q(('webhook__isnull', False)), fields=['webhook', '-created_at'], name='notification_webhook_idx'),
        ),
        RemoveIndexConcurrently(
            model_name='notification',
            name='notification_pending_idx',
        ),
        ValidateConstraint(
            model_name='notification',
            name='notification_has_recipient',
        ),
    ]
