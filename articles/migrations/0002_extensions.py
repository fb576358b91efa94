from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm (typo suggestions) and unaccent (accent-blind names), used by search."""

    dependencies = [("articles", "0001_initial")]

    operations = [TrigramExtension(), UnaccentExtension()]
