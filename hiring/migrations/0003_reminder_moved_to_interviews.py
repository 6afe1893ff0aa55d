# The reminders' table now belongs to the interviews app (interviews 0002 took it over and
# renamed it): only the model's state is removed here.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('hiring', '0002_interviewer_peer_agreement'),
        ('interviews', '0003_reminder_moved_from_hiring'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Reminder')],
            database_operations=[],
        ),
    ]
