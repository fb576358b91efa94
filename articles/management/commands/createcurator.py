"""python manage.py createcurator NAME"""

import getpass
import secrets
import sys

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.roles import CURATORS


class Command(BaseCommand):
    help = (
        "Create a curator account (staff, in the Curators group: reviews and edits articles, "
        "tags, actors and events; no user management). Asks for the password on a terminal; "
        "otherwise reads it from standard input with --password-stdin, or makes one up and "
        "prints it once."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="The login name.")
        parser.add_argument("--email", default="")
        parser.add_argument("--password-stdin", action="store_true",
                            help="Read the password from the first line of standard input.")
        parser.add_argument("--reset", action="store_true",
                            help="The account exists: set a new password and make it a curator.")

    def handle(self, *args, name, email, password_stdin, reset, **options):
        users = get_user_model()
        name = name.strip()
        if not name:
            raise CommandError("name: must not be empty")
        existing = users.objects.filter(username=name).first()
        if existing is not None and not reset:
            raise CommandError(f"name: an account {name!r} exists already (use --reset to give "
                               "it a new password and the curator role)")
        generated = False
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        elif sys.stdin.isatty():
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ; nothing was created.")
        else:
            password, generated = secrets.token_urlsafe(15), True
        user = existing or users(username=name, email=email)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError("password: " + " ".join(error.messages)) from None
        try:
            group = Group.objects.get(name=CURATORS)
        except Group.DoesNotExist:
            raise CommandError("No Curators group: run `python manage.py migrate` first.") from None
        with transaction.atomic():
            user.is_staff = True
            user.is_active = True
            user.set_password(password)
            user.save()
            user.groups.add(group)
        self.stdout.write(f"Curator {name!r} {'updated' if existing else 'created'}. "
                          "Log in at /admin/.")
        if generated:
            self.stdout.write(f"Password (shown once): {password}")
