"""The archive's data version, which list pages key their cached counts by (articles/listcache.py).

Every statement that inserts, updates, deletes or truncates rows of the tables a list page
reads (articles, their tags, amounts and events, actors and their aliases, events, sources)
sets ``articles_dataversion.version`` to a new number, from a sequence so that a number is
never used twice, even after a rollback. The triggers are in the database, so imports, the
admin's bulk actions and raw SQL all count. Runs in moments on a loaded archive: no table is
rewritten.
"""

from django.db import migrations

TABLES = [
    "articles_article", "articles_articleactor", "articles_amount", "articles_articleevent",
    "articles_actor", "articles_actoralias", "articles_event", "articles_source",
]

FORWARD = [
    "CREATE SEQUENCE articles_dataversion_seq",
    "CREATE TABLE articles_dataversion ("
    " id smallint PRIMARY KEY CHECK (id = 1),"
    " version bigint NOT NULL)",
    "INSERT INTO articles_dataversion (id, version) VALUES (1, nextval('articles_dataversion_seq'))",
    """
    CREATE FUNCTION articles_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE articles_dataversion SET version = nextval('articles_dataversion_seq') WHERE id = 1;
        RETURN NULL;
    END
    $$
    """,
    *[
        f"CREATE TRIGGER {table}_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION articles_data_changed()"
        for table in TABLES
    ],
]

BACKWARD = [
    *[f"DROP TRIGGER IF EXISTS {table}_data_changed ON {table}" for table in TABLES],
    "DROP FUNCTION IF EXISTS articles_data_changed()",
    "DROP TABLE IF EXISTS articles_dataversion",
    "DROP SEQUENCE IF EXISTS articles_dataversion_seq",
]


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0006_articleactor_actor_article"),
    ]

    operations = [
        migrations.RunSQL(sql=FORWARD, reverse_sql=BACKWARD),
    ]
