"""The article list's filters: every value in the URL, every bad value a 400 naming it."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from articles.models import (
    Actor,
    AidEntry,
    Amount,
    Article,
    ArticleActor,
    ArticleEvent,
    Event,
    Source,
    TagStatus,
)

ACTOR_PARAMETERS = {
    "person": Actor.Kind.PERSON,
    "country": Actor.Kind.COUNTRY,
    "organization": Actor.Kind.ORGANIZATION,
    "equipment": Actor.Kind.EQUIPMENT,
}
SLUG = forms.SlugField()


class SlugListField(forms.Field):
    """Repeatable slugs (``?country=ukraine&country=poland``), each naming a known ``model``
    row; cleans to the rows, in the order given."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, queryset, label_for_errors, **kwargs):
        self.queryset = queryset
        self.label_for_errors = label_for_errors
        kwargs["required"] = False
        super().__init__(**kwargs)

    def to_python(self, value):
        slugs = [v.strip() for v in (value or []) if v.strip()]
        for slug in slugs:
            if len(slug) > 200:
                raise forms.ValidationError("That is too long to be a slug.")
            SLUG.clean(slug)
        return list(dict.fromkeys(slugs))

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        found = {row.slug: row for row in self.queryset.filter(slug__in=value)}
        missing = [slug for slug in value if slug not in found]
        if missing:
            raise forms.ValidationError(
                f"no {self.label_for_errors} {', '.join(repr(s) for s in missing)} in the archive."
            )
        self.rows = [found[slug] for slug in value]
        # An actor merged by a curator stands for the one it was merged into.
        merged = [row.merged_into_id for row in self.rows if getattr(row, "merged_into_id", None)]
        if merged:
            survivors = self.queryset.model.objects.in_bulk(merged)
            self.rows = [survivors.get(getattr(row, "merged_into_id", None), row)
                         for row in self.rows]

    def clean(self, value):
        slugs = super().clean(value)
        return [] if not slugs else self.rows


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField


class SwitchField(forms.Field):
    """1/0, true/false, yes/no, on/off; anything else is an error, never silently off."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        lowered = str(value).strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise forms.ValidationError(f"{str(value)[:40]!r} is not 1 or 0.")


class SwitchFilter(django_filters.Filter):
    field_class = SwitchField


class ArticleFilter(django_filters.FilterSet):
    """Filters that all must hold. ``confirmed=1`` narrows every tag condition to the tags a
    curator confirmed."""

    person = SlugListFilter(method="filter_actors", queryset=Actor.objects.filter(kind="person"),
                            label_for_errors="person")
    country = SlugListFilter(method="filter_actors", queryset=Actor.objects.filter(kind="country"),
                             label_for_errors="country")
    organization = SlugListFilter(method="filter_actors",
                                  queryset=Actor.objects.filter(kind="organization"),
                                  label_for_errors="organization")
    equipment = SlugListFilter(method="filter_actors",
                               queryset=Actor.objects.filter(kind="equipment"),
                               label_for_errors="equipment")
    event = SlugListFilter(method="filter_events", queryset=Event.objects.all(),
                           label_for_errors="event")
    source = SlugListFilter(method="filter_sources", queryset=Source.objects.all(),
                            label_for_errors="source")
    amount_min = django_filters.NumberFilter(method="filter_amount", min_value=0,
                                             max_digits=20, decimal_places=2)
    amount_max = django_filters.NumberFilter(method="filter_amount", min_value=0,
                                             max_digits=20, decimal_places=2)
    date_from = django_filters.DateFilter(field_name="published_at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(field_name="published_at", lookup_expr="date__lte")
    confirmed = SwitchFilter(method="filter_nothing")
    # Events and the aid ledger: articles naming an event of a kind, or with a ledger row of
    # this donor, recipient or programme.
    event_kind = django_filters.ChoiceFilter(method="filter_event_kind", choices=Event.Kind.choices)
    donor = SlugListFilter(method="filter_aid", queryset=Actor.objects.all(), label_for_errors="donor")
    recipient = SlugListFilter(method="filter_aid", queryset=Actor.objects.all(),
                               label_for_errors="recipient")
    programme = django_filters.ChoiceFilter(method="filter_aid_programme",
                                            choices=AidEntry.Programme.choices)

    class Meta:
        model = Article
        fields = []

    @property
    def statuses(self) -> list[str]:
        """The tag statuses this request counts."""
        if self.form.is_valid() and self.form.cleaned_data.get("confirmed"):
            return [TagStatus.CONFIRMED]
        return TagStatus.visible()

    def filter_actors(self, queryset, name, actors):
        for actor in actors:
            queryset = queryset.filter(Exists(ArticleActor.objects.filter(
                article=OuterRef("pk"), actor=actor, status__in=self.statuses)))
        return queryset

    def filter_events(self, queryset, name, events):
        for event in events:
            queryset = queryset.filter(Exists(ArticleEvent.objects.filter(
                article=OuterRef("pk"), event=event, status__in=self.statuses)))
        return queryset

    def filter_sources(self, queryset, name, sources):
        return queryset.filter(source__in=sources) if sources else queryset

    def filter_amount(self, queryset, name, value):
        # One amount must fall within both bounds, so both are applied together, once.
        if name == "amount_max" and self.form.cleaned_data.get("amount_min") is not None:
            return queryset
        bounds = Q(status__in=self.statuses, value_usd__isnull=False)
        low, high = self.form.cleaned_data.get("amount_min"), self.form.cleaned_data.get("amount_max")
        if low is not None:
            bounds &= Q(value_usd__gte=low)
        if high is not None:
            bounds &= Q(value_usd__lte=high)
        return queryset.filter(Exists(Amount.objects.filter(bounds, article=OuterRef("pk"))))

    def filter_event_kind(self, queryset, name, kind):
        return queryset.filter(Exists(ArticleEvent.objects.filter(
            article=OuterRef("pk"), event__kind=kind, status__in=self.statuses)
            .exclude(event__status=TagStatus.REJECTED)))

    def filter_aid(self, queryset, name, actors):
        for actor in actors:
            queryset = queryset.filter(Exists(AidEntry.objects.filter(
                article=OuterRef("pk"), status__in=self.statuses, **{name: actor})))
        return queryset

    def filter_aid_programme(self, queryset, name, programme):
        return queryset.filter(Exists(AidEntry.objects.filter(
            article=OuterRef("pk"), programme=programme, status__in=self.statuses)))

    def filter_nothing(self, queryset, name, value):
        return queryset  # `confirmed` changes the statuses the other filters count

    def clean_errors(self) -> list[str]:
        return [f"{name}: {message}" for name, messages in self.form.errors.items()
                for message in messages]

    def chips(self) -> list[dict]:
        """Every filter in use with the link that removes it."""
        from articles.listing import url_with

        return [{"name": name, "label": label, "href": url_with(self.data, remove=(name, value))}
                for name, value, label in self.active]

    @property
    def active(self) -> list[tuple[str, str, str]]:
        """(parameter, value, label) of every filter in use."""
        chips = []
        data = self.form.cleaned_data
        for name in (*ACTOR_PARAMETERS, "event", "source"):
            chips += [(name, row.slug, row.name) for row in data.get(name) or []]
        for name, label in (("donor", "aid from"), ("recipient", "aid to")):
            chips += [(name, row.slug, f"{label} {row.name}") for row in data.get(name) or []]
        for name, choices in (("event_kind", Event.Kind), ("programme", AidEntry.Programme)):
            if data.get(name):
                chips.append((name, data[name], choices(data[name]).label))
        for name, label in (("amount_min", "at least $"), ("amount_max", "at most $")):
            if data.get(name) is not None:
                chips.append((name, self.data.get(name), f"{label}{data[name]:,.0f}"))
        for name, label in (("date_from", "from"), ("date_to", "until")):
            if data.get(name):
                chips.append((name, self.data.get(name), f"{label} {data[name]:%-d %B %Y}"))
        if data.get("confirmed"):
            chips.append(("confirmed", self.data.get("confirmed"), "reviewed tags only"))
        return chips
