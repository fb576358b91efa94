"""Times on the newsroom's clock."""

from django import template
from django.conf import settings
from django.templatetags.tz import do_timezone

register = template.Library()


@register.filter
def newsroom(value):
    """``value`` (an aware datetime) on the clock of settings.NEWSROOM_TIME_ZONE: a briefing
    published at 8:13 pm in Washington reads "8:13 pm EDT" on its own day, not "00:13 UTC"
    on the next, the day its "today" is read from (articles/tagging/records.py)."""
    return do_timezone(value, settings.NEWSROOM_TIME_ZONE) if value else value
