from django.db import migrations, models

from privacy.schema import AddIndexConcurrently


class Migration(migrations.Migration):
    # The outbox's indexes are built while the table stays in use (privacy/schema.py); the
    # due messages' index now covers webhooks, and replaces the old one once built.
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
        migrations.RemoveIndex(
            model_name='notification',
            name='notification_pending_idx',
        ),
    ]
