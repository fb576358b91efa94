"""Who may do what. Curators review and edit articles, tags, actors and events; they cannot
manage users, delete articles or rewrite the import history. Superusers can do everything.

The ``Curators`` group is created by a migration and its permissions are brought up to date
after every ``migrate``, so a model added later is covered without another data migration.
"""

CURATORS = "Curators"

# model name -> the actions curators may take on it (Django's view/add/change/delete).
CURATOR_ACTIONS = {
    "article": ("view", "add", "change"),
    "articleactor": ("view", "add", "change"),
    "amount": ("view", "add", "change"),
    "articleevent": ("view", "add", "change"),
    "actor": ("view", "add", "change"),
    "actoralias": ("view", "add", "change", "delete"),
    "actorredirect": ("view",),
    "event": ("view", "add", "change"),
    "eventparticipant": ("view", "add", "change", "delete"),
    "aidentry": ("view", "add", "change"),
    "aidpackage": ("view", "change"),
    "statedtotal": ("view",),
    "source": ("view", "change"),
    "importbatch": ("view",),
    "articlerevision": ("view",),
    "searchword": ("view",),
    "auditentry": ("view",),
    "feed": ("view", "add", "change"),  # the newsrooms the archive follows
}


def curators_sync(group_model, permission_model) -> None:
    """Create the Curators group if needed and give it exactly CURATOR_ACTIONS."""
    group, _ = group_model.objects.get_or_create(name=CURATORS)
    codenames = [f"{action}_{model}" for model, actions in CURATOR_ACTIONS.items()
                 for action in actions]
    group.permissions.set(permission_model.objects.filter(
        content_type__app_label="articles", codename__in=codenames))


def curators_sync_after_migrate(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    curators_sync(Group, Permission)
