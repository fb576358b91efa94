"""The aid ledger and the events timeline as pages and exports: filters (every bad value a
400 naming it), sums per year and per donor (each package counted once), and JSON and CSV."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import JsonResponse, StreamingHttpResponse

from articles.exports import csv_writer, next_page_url
from articles.filters import SlugListFilter, SwitchFilter
from articles.listing import BadParameters
from articles.models import (
    Actor,
    AidEntry,
    ArticleActor,
    ArticleEvent,
    Event,
    TagStatus,
)
from articles.reconcile import counted_packages

ROWS_PER_PAGE = 50
PAGE_PARAMETERS = {"page", "format"}
CHART_WIDTH, CHART_HEIGHT = 720, 140


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=1900, max_value=2100, required=False, **kwargs)


class AidFilter(django_filters.FilterSet):
    donor = SlugListFilter(method="filter_in", queryset=Actor.objects.all(), label_for_errors="donor")
    recipient = SlugListFilter(method="filter_in", queryset=Actor.objects.all(),
                               label_for_errors="recipient")
    equipment = SlugListFilter(method="filter_equipment",
                               queryset=Actor.objects.filter(kind=Actor.Kind.EQUIPMENT),
                               label_for_errors="equipment")
    year = django_filters.NumberFilter(field_name="date", lookup_expr="year",
                                       min_value=1900, max_value=2100)
    programme = django_filters.ChoiceFilter(choices=AidEntry.Programme.choices)
    stage = django_filters.ChoiceFilter(choices=AidEntry.Stage.choices)
    kind = django_filters.ChoiceFilter(choices=AidEntry.Kind.choices)
    confirmed = SwitchFilter(method="filter_confirmed")

    class Meta:
        model = AidEntry
        fields = []

    def filter_in(self, queryset, name, actors):
        return queryset.filter(**{f"{name}__in": actors}) if actors else queryset

    def filter_equipment(self, queryset, name, actors):
        for actor in actors:
            queryset = queryset.filter(equipment=actor)
        return queryset

    def filter_confirmed(self, queryset, name, value):
        return queryset.filter(status=TagStatus.CONFIRMED) if value else queryset


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices)
    actor = SlugListFilter(method="filter_actor", queryset=Actor.objects.all(),
                           label_for_errors="actor")
    year = django_filters.NumberFilter(field_name="start_date", lookup_expr="year",
                                       min_value=1900, max_value=2100)

    class Meta:
        model = Event
        fields = []

    def filter_actor(self, queryset, name, actors):
        for actor in actors:
            named = ArticleActor.objects.filter(article=OuterRef("article_id"), actor=actor,
                                                status__in=TagStatus.visible())
            tags = ArticleEvent.objects.filter(Exists(named), event=OuterRef("pk"),
                                               status__in=TagStatus.visible())
            queryset = queryset.filter(Exists(tags))
        return queryset


def _checked(filterset_class, params, queryset):
    unknown = sorted(set(params) - PAGE_PARAMETERS - set(filterset_class.base_filters))
    filters = filterset_class(params, queryset=queryset)
    problems = [f"{name}: unknown parameter" for name in unknown]
    if not filters.is_valid():
        problems += [f"{name}: {message}" for name, messages in filters.form.errors.items()
                     for message in messages]
    fmt = params.get("format", "") or "html"
    if fmt not in ("html", "json", "csv"):
        problems.append("format: choose html, json or csv.")
    if problems:
        raise BadParameters(problems)
    return filters


def ledger_rows(params):
    """(filters, rows): the visible ledger rows the parameters select, newest first."""
    visible = AidEntry.objects.visible().select_related("donor", "recipient", "article")
    filters = _checked(AidFilter, params, visible)
    return filters, filters.qs.order_by("-date", "-id")


def with_equipment(rows):
    """The rows with their equipment and the amount each reads (where its sentence marks it)."""
    return rows.select_related("amount", "package").prefetch_related(
        Prefetch("equipment", queryset=Actor.objects.order_by("name")))


def ledger_packages(rows, params=None):
    """The packages the mentions among ``rows`` report, each with what the sums count for it
    in this selection (``in_selection``): its ``counted_usd``, except that a component whose
    announcement is not selected counts its own value, and with a programme chosen an
    announcement made of parts counts nothing (its parts of that programme count), nor a
    package of another programme that a mention of this one speaks of. A
    delivery alone counts nothing (its announcement did), nor does a package no visible
    mention reports; a year chosen is the year the package was announced."""
    params = params or {}
    packages = counted_packages().filter(Exists(rows.filter(package=OuterRef("pk"))))
    programme = params.get("programme")
    if programme:
        # the package's own programme: a later sentence that names drawdowns near a USAI
        # package's figure does not make it a drawdown
        packages = packages.filter(programme=programme)
    year = params.get("year")
    if year and str(year).isdigit():
        packages = packages.filter(announced_on__year=int(year))
    packages = list(packages.select_related("donor", "recipient").order_by("announced_on", "pk"))
    chosen = {p.pk for p in packages}
    by_programme = bool(params.get("programme"))
    for package in packages:
        if by_programme and package.has_parts or package.authority:
            package.in_selection = Decimal(0)
        elif package.parent_id is not None and (package.parent_id not in chosen or by_programme):
            package.in_selection = package.value_usd
        else:
            package.in_selection = package.counted_usd
    return packages


def ledger_totals(rows, params=None) -> dict:
    """Sums of the packages the selected mentions report, per year and per donor: a package
    counts once however many articles report it (articles/tagging/packages.py), a combined
    announcement once with its parts, and running totals, requests and appropriations
    never."""
    by_year, by_donor, counts = defaultdict(Decimal), {}, defaultdict(int)
    for package in ledger_packages(rows, params):
        value = package.in_selection
        if not value:
            continue
        year = package.announced_on.year
        by_year[year] += value
        counts[year] += 1
        donor = by_donor.setdefault(package.donor.slug, {
            "slug": package.donor.slug, "name": package.donor.name, "value_usd": Decimal(0),
            "packages": 0})
        donor["value_usd"] += value
        donor["packages"] += 1
    return {
        "by_year": [{"year": year, "value_usd": by_year[year], "packages": counts[year]}
                    for year in sorted(by_year)],
        "by_donor": sorted(by_donor.values(), key=lambda d: (-d["value_usd"], d["name"])),
    }


def year_chart(by_year: list[dict]) -> dict | None:
    """Bar geometry for the sums per year, drawn as inline SVG by the template."""
    if not by_year:
        return None
    peak = max(row["value_usd"] for row in by_year) or Decimal(1)
    width = min(CHART_WIDTH / len(by_year), 90)  # one year is a bar, not a wall
    bars = []
    for index, row in enumerate(by_year):
        height = float(row["value_usd"] / peak) * (CHART_HEIGHT - 30)
        bars.append({
            "x": round(index * width + 4, 1), "width": round(max(width - 8, 2), 1),
            "y": round(CHART_HEIGHT - 20 - height, 1), "height": round(height, 1),
            "label_x": round(index * width + width / 2, 1), "year": row["year"],
            "title": f"{row['year']}: {usd_words(row['value_usd'])} in {row['packages']} "
                     f"package{'s' if row['packages'] != 1 else ''}",
            "value": usd_words(row["value_usd"]),
        })
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "bars": bars,
            "baseline": CHART_HEIGHT - 20}


def usd_words(value: Decimal | None) -> str:
    """$2.3 billion, $800 million, $90,000."""
    if value is None:
        return "–"
    for size, word in ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"),
                       (Decimal(10) ** 6, "million")):
        if value >= size:  # half a cent of a billion up, as a reader rounds
            figure = (value / size).quantize(Decimal("0.01"), ROUND_HALF_UP).normalize()
            return f"${figure:f} {word}"
    return f"${value:,.0f}"


def entry_data(request, entry) -> dict:
    def actor(a):
        return {"slug": a.slug, "name": a.name}

    return {
        "id": entry.pk,
        "donor": actor(entry.donor),
        "recipient": actor(entry.recipient),
        "value_usd": str(entry.value_usd) if entry.value_usd is not None else None,
        "amount_text": entry.amount_text,
        "programme": entry.programme,
        "stage": entry.stage,
        "date": entry.date.isoformat() if entry.date else None,
        # the last day the date may be, when the text gives only a span ("In December")
        "date_until": entry.date_until.isoformat() if entry.date_until else None,
        "equipment": [actor(a) for a in entry.equipment.all()],
        "sentence": entry.sentence,
        "status": entry.status,
        "kind": entry.kind,
        "role": entry.role,
        "package": entry.package_id,
        "article": {"id": entry.article_id, "title": entry.article.title,
                    "url": request.build_absolute_uri(entry.get_absolute_url())},
    }


def ledger_json(request, page, totals) -> JsonResponse:
    return JsonResponse({
        "count": page.paginator.count,
        "results": [entry_data(request, e) for e in page.object_list],
        "totals": {
            "by_year": [{**row, "value_usd": str(row["value_usd"])} for row in totals["by_year"]],
            "by_donor": [{**row, "value_usd": str(row["value_usd"])} for row in totals["by_donor"]],
        },
        "next": next_page_url(request, page),
    }, json_dumps_params={"ensure_ascii": False})


CSV_COLUMNS = ["id", "date", "donor", "recipient", "value_usd", "amount_text", "programme",
               "stage", "kind", "equipment", "status", "sentence", "article_title", "article_url",
               "role", "package", "date_until"]


def ledger_csv(request, rows) -> StreamingHttpResponse:
    writer = csv_writer()

    def lines():
        yield "\ufeff"
        yield writer.writerow(CSV_COLUMNS)
        for entry in with_equipment(rows).iterator(chunk_size=500):
            yield writer.writerow([
                entry.pk, entry.date.isoformat() if entry.date else "", entry.donor.name,
                entry.recipient.name, entry.value_usd if entry.value_usd is not None else "",
                entry.amount_text, entry.programme, entry.stage, entry.kind,
                "; ".join(a.name for a in entry.equipment.all()), entry.status, entry.sentence,
                entry.article.title, request.build_absolute_uri(entry.get_absolute_url()),
                entry.role, entry.package_id or "",
                entry.date_until.isoformat() if entry.date_until else "",
            ])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="aid-ledger.csv"'
    return response


def ledger_choices() -> dict:
    """The donors, recipients and equipment the ledger has, for the filter form."""
    visible = AidEntry.objects.visible()
    actors = Actor.objects.filter(
        Q(aid_given__in=visible) | Q(aid_received__in=visible) | Q(aid_equipment__in=visible)
    ).annotate(
        given=Count("aid_given", distinct=True), received=Count("aid_received", distinct=True),
    ).values("slug", "name", "kind", "given", "received").order_by("name")
    choices = {"donors": [], "recipients": [], "equipment": []}
    for actor in actors:
        if actor["kind"] == Actor.Kind.EQUIPMENT:
            choices["equipment"].append(actor)
        if actor["given"]:
            choices["donors"].append(actor)
        if actor["received"]:
            choices["recipients"].append(actor)
    return choices


def events_listed(params):
    """(filters, events): visible events with at least one visible article, by date."""
    events = Event.objects.visible().annotate(
        articles=Count("article_tags", filter=Q(article_tags__status__in=TagStatus.visible()),
                       distinct=True)).filter(articles__gt=0)
    filters = _checked(EventFilter, params, events)
    return filters, filters.qs.order_by("-start_date", "name")


COUNTERPART_WORDS = {"with": "With", "to": "To", "from": "From", "in": "In"}


def event_counterpart(event: Event) -> tuple[str, Actor] | None:
    """("With", the person called), ("To", the country visited), ("From", the country whose
    leader visits the United States) or ("In", the country attacked) of an event the rules
    made (its EventParticipant), a curator's merge followed; else None."""
    participant = (event.participants.filter(role__in=COUNTERPART_WORDS)
                   .exclude(actor__status=TagStatus.REJECTED)
                   .select_related("actor__merged_into").first())
    if participant is None:
        return None
    actor = participant.actor.merged_into or participant.actor
    return COUNTERPART_WORDS[participant.role], actor
