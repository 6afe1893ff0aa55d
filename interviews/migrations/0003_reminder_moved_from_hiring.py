# The overdue-scorecard reminders moved from the hiring app to this one: the model's state is
# created here over the existing table, which is then renamed; no row is copied or lost.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('interviews', '0002_requisition_openings_and_pipeline_outcomes'),
        ('hiring', '0002_interviewer_peer_agreement'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Reminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('scorecards', models.PositiveIntegerField(help_text='Number of overdue interviews named in the e-mail.')),
                        ('sent_at', models.DateTimeField(auto_now_add=True)),
                        ('interviewer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['-day', 'interviewer'],
                        'constraints': [models.UniqueConstraint(fields=('interviewer', 'day'), name='one_reminder_per_day')],
                        'db_table': 'hiring_reminder',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='reminder', table=None),
    ]
