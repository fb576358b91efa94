from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Archive"

    def ready(self):
        from articles.roles import curators_sync_after_migrate

        post_migrate.connect(curators_sync_after_migrate, sender=self,
                             dispatch_uid="articles_curators_sync")
