"""The aid ledger's tables move the data version too (see 0009_search_speed): a ledger row a
curator rejects, or one an import adds, must not be served from a page kept before it.

Joins the two branches of the history (the events and ledger tables of 0008, the data version
of 0009), so an archive that has either can migrate to both."""

from django.db import migrations

TABLES = ["articles_aidentry", "articles_aidentry_equipment"]


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0008_events_ledger"),
        ("articles", "0009_search_speed"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                f"CREATE TRIGGER {table}_data_changed AFTER INSERT OR UPDATE OR DELETE OR "
                f"TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION articles_data_changed()"
                for table in TABLES
            ],
            reverse_sql=[f"DROP TRIGGER IF EXISTS {table}_data_changed ON {table}"
                         for table in TABLES],
        ),
    ]
