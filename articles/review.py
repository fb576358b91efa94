"""The review queue: every suggested tag in the archive, grouped, to confirm or reject one,
a group or a selection at a time; and the POST endpoint every confirm/reject button uses."""

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from articles import curation, reconcile
from articles.ledger import usd_words
from articles.models import (
    Actor,
    AidEntry,
    AidPackage,
    Amount,
    Article,
    ArticleActor,
    ArticleEvent,
    Event,
    Source,
    TagStatus,
)

GROUPS_PER_PAGE = 20
ROWS_PER_GROUP = 8
ROWS_PER_PAGE = 50
GROUP_LIMIT = 200  # rows of one group shown at once
GAP_PACKAGES = 20  # packages listed under one ledger gap
DECISIONS = curation.DECISIONS


def is_number(text: str) -> bool:
    """ASCII digits only: str.isdigit() also takes "²", which int() refuses."""
    return text.isascii() and text.isdigit()


@dataclass(frozen=True)
class QueueFilter:
    """What part of the archive the queue shows: the suggestions in articles of one source,
    published within dates, that name an actor. Every tab, count and group decision of the
    queue holds to it (a group's "Confirm all" confirms the group's suggestions in those
    articles, not the others)."""

    source: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actor: str = ""

    NAMES = ("source", "date_from", "date_to", "actor")

    @classmethod
    def from_params(cls, params) -> tuple["QueueFilter", list[str]]:
        """The filter ``params`` (GET or POST) give, and what is wrong with them, by name."""
        problems, found = [], {}
        for name in ("date_from", "date_to"):
            text = params.get(name, "").strip()
            if text:
                try:
                    found[name] = dt.date.fromisoformat(text)
                except ValueError:
                    problems.append(f"{name}: expected a date as YYYY-MM-DD, got {text[:40]!r}")
        source = params.get("source", "").strip()
        if source and not Source.objects.filter(slug=source).exists():
            problems.append(f"source: no source {source[:80]!r}")
        actor = params.get("actor", "").strip()
        if actor and not Actor.objects.filter(slug=actor).exists():
            problems.append(f"actor: no actor {actor[:80]!r}")
        return cls(source=source, actor=actor, **found), problems

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in self.NAMES)

    def params(self) -> list[tuple[str, str]]:
        return [(name, str(getattr(self, name))) for name in self.NAMES if getattr(self, name)]

    def query(self) -> str:
        """"&source=...&actor=..." to carry the filter on a link ("" when none)."""
        return "&" + urlencode(self.params()) if self.active else ""

    def articles(self):
        """The articles the filter keeps."""
        articles = Article.objects.all()
        if self.source:
            articles = articles.filter(source__slug=self.source)
        if self.date_from:
            articles = articles.filter(published_at__date__gte=self.date_from)
        if self.date_to:
            articles = articles.filter(published_at__date__lte=self.date_to)
        if self.actor:
            articles = articles.filter(pk__in=ArticleActor.objects.filter(
                actor__slug=self.actor, status__in=TagStatus.visible()).values("article_id"))
        return articles

    def of(self, tags):
        """``tags`` (a queryset of a tag model) in the filter's articles."""
        return tags.filter(article__in=self.articles().values("pk")) if self.active else tags


NO_FILTER = QueueFilter()


class Tab:
    def __init__(self, key, label, count):
        self.key, self.label, self.count = key, label, count


def _counts(filt: QueueFilter = NO_FILTER, gaps: list | None = None) -> dict:
    """Suggestions left per tab, in the order of what a decision is worth: the ledger rows and
    amounts (by value), the ledger's gaps (``gaps``, when the caller has them already),
    doubtful actor tags, proposed people, the rest."""
    suggested = Q(status=TagStatus.SUGGESTED)
    known = suggested & Q(actor__status=TagStatus.CONFIRMED)
    actor_tags = filt.of(ArticleActor.objects.all()).aggregate(
        known=Count("id", filter=known & Q(certain=True)),
        doubtful=Count("id", filter=known & Q(certain=False)),
        proposed=Count("id", filter=suggested & Q(actor__status=TagStatus.SUGGESTED)),
    )
    counts = {
        "aid": filt.of(AidEntry.objects.filter(suggested)).count(),
        "amount": filt.of(Amount.objects.filter(suggested)).count(),
        "gap": len(_open_gaps(filt) if gaps is None else gaps),
        "doubtful": actor_tags["doubtful"],
        "person": actor_tags["proposed"],
        "actor": actor_tags["known"],
        "event": filt.of(ArticleEvent.objects.filter(suggested)).count(),
    }
    for key, kind in curation.TAG_KINDS.items():
        if key not in counts:
            counts[key] = filt.of(kind.model.objects.filter(suggested)).count()
    return counts


def _open_gaps(filt: QueueFilter) -> list:
    """The ledger's open gaps whose stated total is in an article the filter keeps."""
    found = reconcile.open_gaps()
    if not filt.active:
        return found
    kept = set(filt.articles().filter(pk__in={gap.total.article_id for gap in found})
               .values_list("pk", flat=True))
    return [gap for gap in found if gap.total.article_id in kept]


TAB_LABELS = {"actor": "Actors", "person": "Proposed people", "amount": "Amounts",
              "event": "Events", "aid": "Aid ledger", "gap": "Ledger gaps",
              "doubtful": "Ambiguous actors"}


def _tab_label(key: str) -> str:
    return TAB_LABELS.get(key) or curation.TAG_KINDS[key].target.capitalize() + "s"


def review_queue(request, model_admin):
    """GET: the queue. ``tab`` picks the kind of tag; ``group`` shows one group in full."""
    if not request.user.has_perm("articles.change_articleactor"):
        raise PermissionDenied
    filt, problems = QueueFilter.from_params(request.GET)
    if problems:
        return HttpResponseBadRequest("; ".join(problems).encode())
    # the ledger's check runs once a request: the tab's count and, on its tab, its groups
    gaps = _open_gaps(filt)
    counts = _counts(filt, gaps)
    # the first tab with something left, in the order of what a decision is worth
    tab = request.GET.get("tab") or next((key for key, n in counts.items() if n), "actor")
    if tab not in counts:
        return HttpResponseBadRequest(f"tab: choose one of {', '.join(counts)}".encode())
    group_id = request.GET.get("group", "")
    if group_id and not is_number(group_id):
        return HttpResponseBadRequest(b"group: must be a number")
    page_number = request.GET.get("page", "1")
    if not is_number(page_number):
        return HttpResponseBadRequest(b"page: must be a number")

    sample = request.GET.get("sample", "")
    if sample and (tab not in ("actor", "doubtful") or not is_number(sample)):
        return HttpResponseBadRequest(b"sample: an actor's number, on the actor tabs")
    if sample:
        groups, page = _sample_group(tab, int(sample), filt)
    elif tab in ("actor", "person", "doubtful"):
        groups, page = _actor_groups(tab, group_id and int(group_id), int(page_number), filt)
    elif tab == "event":
        groups, page = _event_groups(group_id and int(group_id), int(page_number), filt)
    elif tab == "gap":
        groups, page = _gap_groups(int(page_number), gaps)
    else:
        groups, page = _flat(tab, int(page_number), filt)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Review queue",
        "opts": model_admin.model._meta,
        "tabs": [Tab(key, _tab_label(key), n) for key, n in counts.items()],
        "tab": tab,
        "left": sum(counts.values()),
        "groups": groups,
        "page_obj": page,
        "single_group": bool(group_id or sample),
        "sample": sample,
        "sample_size": SAMPLE_SIZE,
        "decide_url": reverse("admin:articles_decide"),
        "group_limit": GROUP_LIMIT,
        "here": request.get_full_path(),
        "filter": filt,
        "filter_query": filt.query(),
        "sources": Source.objects.order_by("name"),
    }
    return TemplateResponse(request, "admin/articles/review_queue.html", context)


class Group:
    def __init__(self, key, title, count, rows, link="", actor=None, event=None):
        self.key, self.title, self.count, self.rows = key, title, count, rows
        self.link, self.actor, self.event = link, actor, event

    @property
    def hidden(self):
        return self.count - len(self.rows)


class Row:
    def __init__(self, kind, tag, article_id, article_title, label, sentence, extra="",
                 confidence=None, reasons=()):
        self.kind, self.id = kind, tag
        self.value = f"{kind}:{tag}"
        self.article_id, self.article_title = article_id, article_title
        self.label, self.sentence, self.extra = label, sentence, extra
        self.confidence, self.reasons = confidence, reasons


def _mark(sentence: str, names: list[str]):
    """The sentence, escaped, with the first of ``names`` found in it marked."""
    for name in names:
        match = re.search(re.escape(name), sentence, flags=re.IGNORECASE) if name else None
        if match:
            return format_html("{}<mark>{}</mark>{}", sentence[:match.start()],
                               sentence[match.start():match.end()], sentence[match.end():])
    return escape(sentence)


def _suggested_actor_tags(tab, filt: QueueFilter = NO_FILTER):
    """The suggested tags of a tab of actors: known actors whose tags rest on certain evidence
    ("actor"), or only on an ambiguous word, a territory, a place's name ("doubtful"), or the
    people the tagger proposed ("person")."""
    actor_status = TagStatus.SUGGESTED if tab == "person" else TagStatus.CONFIRMED
    suggested = ArticleActor.objects.filter(
        status=TagStatus.SUGGESTED, actor__status=actor_status, actor__merged_into__isnull=True)
    if tab != "person":
        suggested = suggested.filter(certain=tab == "actor")
    return filt.of(suggested)


def _actor_row(actor, r):
    return Row("actor", r["pk"], r["article_id"], r["article__title"], actor.name,
               _mark(r["evidence"], [actor.name]),
               f"×{r['mention_count']}" if r["mention_count"] > 1 else "",
               confidence=r["confidence"], reasons=r["reasons"])


def _actor_groups(tab, group_id, page_number, filt: QueueFilter):
    return _groups(
        tab, "actor", _suggested_actor_tags(tab, filt), Actor, group_id, page_number, filt,
        ["evidence", "mention_count", "confidence", "reasons"], row=_actor_row,
        title=lambda actor: f"{actor.name} ({actor.get_kind_display().lower()})",
        # the doubtful rows of a group first: they are the ones to read
        row_order=F("confidence").asc(nulls_first=True))


SAMPLE_SIZE = 20


def _sample_group(tab, actor_id, filt: QueueFilter):
    """A random sample of an actor's suggested tags, to check a large group by (``sample``
    posts here: all right, the group is confirmed with the sample as its evidence)."""
    actor = Actor.objects.filter(pk=actor_id).first()
    suggested = _suggested_actor_tags(tab, filt).filter(actor_id=actor_id)
    if actor is None:
        return [], None
    count = suggested.count()
    rows = (suggested.order_by("?")[:SAMPLE_SIZE]
            .values("pk", "article_id", "article__title", "evidence", "mention_count",
                    "confidence", "reasons"))
    group = Group(f"actor:{actor.pk}", f"{actor.name} ({actor.get_kind_display().lower()}): "
                  f"a random sample of {min(count, SAMPLE_SIZE)} of {count}", count,
                  [_actor_row(actor, r) for r in rows], actor=actor)
    return [group], None


def _event_groups(group_id, page_number, filt: QueueFilter):
    suggested = filt.of(ArticleEvent.objects.filter(status=TagStatus.SUGGESTED))
    return _groups(
        "event", "event", suggested, Event, group_id, page_number, filt, ["sentence"],
        row=lambda event, r: Row("event", r["pk"], r["article_id"], r["article__title"],
                                 event.name, escape(r["sentence"])),
        title=lambda event: f"{event.name} ({event.get_kind_display().lower()}, "
                            f"{event.start_date or 'no date'})"
                            + (", proposed event" if event.status == TagStatus.SUGGESTED else ""))


def _groups(tab, field, suggested, owner_model, group_id, page_number, filt, fields, *, row,
            title, row_order=None):
    """One page of groups of ``suggested`` tags by ``field`` (the most suggestions first),
    each with its first rows, or the whole of group ``group_id``."""
    if group_id:
        suggested = suggested.filter(**{f"{field}_id": group_id})
    by_owner = suggested.values(field).annotate(n=Count("id")).order_by("-n", field)
    page = Paginator(by_owner, GROUPS_PER_PAGE).get_page(page_number)
    counts = {g[field]: g["n"] for g in page.object_list}
    per_group = GROUP_LIMIT if group_id else ROWS_PER_GROUP
    rows = (
        suggested.filter(**{f"{field}_id__in": list(counts)})
        .annotate(rank=Window(RowNumber(), partition_by=F(f"{field}_id"),
                              order_by=[row_order or F("id").asc(), F("id").asc()]))
        .filter(rank__lte=per_group)
        .order_by(f"{field}_id", "rank")
        .values("pk", f"{field}_id", "article_id", "article__title", *fields)
    )
    owners = owner_model.objects.in_bulk(list(counts))
    grouped: dict[int, list[Row]] = {pk: [] for pk in counts}
    for values in rows:
        owner_id = values[f"{field}_id"]
        grouped[owner_id].append(row(owners[owner_id], values))
    groups = [
        Group(f"{field}:{pk}", title(owners[pk]), counts[pk], grouped[pk],
              link=f"?tab={tab}&group={pk}{filt.query()}", actor=owners[pk] if field == "actor" else None,
              event=owners[pk] if field == "event" else None)
        for pk in counts
    ]
    return groups, page


def _flat(tab, page_number, filt: QueueFilter):
    kind = curation.TAG_KINDS[tab]
    rows = filt.of(kind.model.objects.filter(status=TagStatus.SUGGESTED))
    if any(f.name == "value_usd" for f in kind.model._meta.concrete_fields):
        # the row that moves a sum by a billion before the thousandth small one
        rows = rows.order_by(F("value_usd").desc(nulls_last=True), "id")
    else:
        rows = rows.order_by("id")
    page = Paginator(rows.values("pk"), ROWS_PER_PAGE).get_page(page_number)
    ids = [r["pk"] for r in page.object_list]
    shown = []
    related = [f.name for f in kind.model._meta.concrete_fields if f.is_relation]
    tags = (kind.model.objects.filter(pk__in=ids).select_related(*related)
            .defer("article__body", "article__lede", "article__original",
                   "article__search_vector").in_bulk())
    for tag in (tags[pk] for pk in ids):
        text = getattr(tag, "raw_text", "") or str(tag)
        marked = getattr(tag, "raw_text", "") or getattr(tag, "amount_text", "") or text
        sentence = getattr(tag, "sentence", "") or getattr(tag, "evidence", "")
        extra = f"≈ ${tag.value_usd:,.0f}" if getattr(tag, "value_usd", None) else ""
        if hasattr(tag, "get_role_display"):
            # what the ledger read the figure as: a total or a request is never counted
            extra = " · ".join(filter(None, [tag.get_role_display(), extra]))
        shown.append(Row(tab, tag.pk, tag.article_id, tag.article.title, text,
                         _mark(sentence, [marked]), extra,
                         confidence=getattr(tag, "confidence", None),
                         reasons=getattr(tag, "reasons", ())))
    group = Group(tab, _tab_label(tab), page.paginator.count, shown)
    return [group], page


def _gap_groups(page_number, gaps: list):
    """One group per stated total the ledger disagrees with (over 5 %): the total's own
    mention first (reject it if the text was misread), then the first report of each package
    the ledger summed for it (reject a double count), newest total first."""
    found = sorted(gaps, key=lambda g: (g.total.as_of, g.total.pk), reverse=True)
    page = Paginator(found, GROUPS_PER_PAGE).get_page(page_number)
    groups = []
    for gap in page.object_list:
        total = gap.total
        mention = total.mention
        rows = [Row("aid", mention.pk, total.article_id, total.article.title,
                    f"Stated total: {mention.amount_text}",
                    _mark(mention.sentence, [mention.amount_text]),
                    total.get_scope_display())]
        # the packages that weigh most on the sum first: a double count of $3 billion
        # matters before one of $10 million
        packages = AidPackage.objects.filter(pk__in=gap.result.packages).annotate(
            reports=Count("mentions")).order_by("-counted_usd", "announced_on")[:GAP_PACKAGES]
        first_report = {}
        for report in (AidEntry.objects.filter(package__in=packages, status__in=TagStatus.visible())
                       .select_related("article").order_by("date", "pk")):
            first_report.setdefault(report.package_id, report)
        for package in packages:
            report = first_report.get(package.pk)
            if report is None:
                continue
            reports = package.reports
            rows.append(Row("aid", report.pk, report.article_id, report.article.title,
                            f"Package of {package.announced_on:%Y-%m-%d}"
                            + (f" to {package.announced_until:%Y-%m-%d}"
                               if package.announced_until else "")
                            + f": {report.amount_text}",
                            _mark(report.sentence, [report.amount_text]),
                            f"counts {usd_words(package.counted_usd)}, {reports} report"
                            f"{'s' if reports != 1 else ''}"))
        more = len(gap.result.packages) - GAP_PACKAGES
        title = (f"{total.donor.name} → {total.recipient.name}, {total.as_of:%-d %B %Y}: the text "
                 f"states {mention.amount_text}, the ledger sums {usd_words(gap.result.ledger)} "
                 f"in {len(gap.result.packages)} packages ({gap.percent})"
                 + (f", and may hold {gap.range_words}" if gap.range_words else "")
                 + (f"; the {GAP_PACKAGES} largest shown" if more > 0 else "")
                 + (f"; its scope begins before the archive's first package, so the sum starts "
                    f"from the {gap.opening.mention.amount_text} stated on "
                    f"{gap.opening.as_of:%-d %B %Y}" if gap.opening else ""))
        groups.append(Group(f"gap{total.pk}", title, len(rows), rows))
    return groups, page


# ---------------------------------------------------------------------------- decisions


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def _parse_tag(value: str):
    """"actor:12" -> ("actor", 12); None when it is not one."""
    kind, _, pk = value.partition(":")
    if kind in curation.TAG_KINDS and is_number(pk):
        return kind, int(pk)
    return None


@require_POST
def decide(request, model_admin):
    """Every confirm/reject button posts here:
    ``decide=actor:12:confirm`` one tag; ``group=actor:7:reject`` every suggested tag of
    actor 7; ``bulk=confirm`` with ``selected=actor:12`` (repeated) the selected tags;
    ``name=promote:7`` or ``name=reject:7`` a proposed person."""
    fallback = reverse("admin:articles_review")
    done = _decision(request)
    if isinstance(done, str):
        messages.success(request, done)
    else:
        return done
    return redirect(_safe_next(request, fallback))


def _decision(request):
    post = request.POST
    if post.get("decide"):
        value, _, verb = post["decide"].rpartition(":")
        tag = _parse_tag(value)
        if tag is None or verb not in DECISIONS:
            return HttpResponseBadRequest(b"decide: expected kind:id:confirm|reject|reset")
        _require(request, tag[0])
        n = curation.tags_decide(request.user, tag[0], [tag[1]], DECISIONS[verb])
        return f"{_verb_past(verb)} {curation.count_of(n, 'tag')}."
    if post.get("group"):
        kind, _, rest = post["group"].partition(":")
        group, _, verb = rest.partition(":")
        kind_def = curation.TAG_KINDS.get(kind)
        if (kind_def is None or not kind_def.group_field or not is_number(group)
                or verb not in DECISIONS):
            return HttpResponseBadRequest(b"group: expected kind:id:confirm|reject")
        _require(request, kind)
        filt, problems = QueueFilter.from_params(post)
        if problems:
            return HttpResponseBadRequest("; ".join(problems).encode())
        # the group as the queue showed it: its suggestions in the filter's articles
        ids = list(filt.of(kind_def.model.objects.filter(
            status=TagStatus.SUGGESTED, **{f"{kind_def.group_field}_id": int(group)}))
            .values_list("pk", flat=True))
        n = curation.tags_decide(request.user, kind, ids, DECISIONS[verb])
        return f"{_verb_past(verb)} {curation.count_of(n, 'tag')}."
    if post.get("bulk"):
        verb = post["bulk"]
        selected = [_parse_tag(v) for v in post.getlist("selected")]
        if verb not in DECISIONS or None in selected:
            return HttpResponseBadRequest(b"bulk: expected confirm|reject with selected=kind:id")
        if not selected:
            return "Nothing was selected."
        by_kind: dict[str, list[int]] = {}
        for kind, pk in selected:
            by_kind.setdefault(kind, []).append(pk)
        n = 0
        for kind, ids in by_kind.items():
            _require(request, kind)
            n += curation.tags_decide(request.user, kind, ids, DECISIONS[verb])
        return f"{_verb_past(verb)} {curation.count_of(n, 'tag')}."
    if post.get("sample"):
        return _sample_decision(request)
    if post.get("name"):
        verb, _, pk = post["name"].partition(":")
        if verb not in ("promote", "reject") or not is_number(pk):
            return HttpResponseBadRequest(b"name: expected promote:id or reject:id")
        if not request.user.has_perm("articles.change_actor"):
            raise PermissionDenied
        actor = Actor.objects.filter(pk=int(pk)).first()
        if actor is None:
            return HttpResponseBadRequest(b"name: no such actor")
        if verb == "promote":
            curation.actor_promote(request.user, actor)
            return f"{actor.name} is now a known {actor.get_kind_display().lower()}."
        entry = curation.actor_reject_name(request.user, actor)
        return format_html("{} (<a href=\"{}\">undo</a> from the audit trail)", entry.summary,
                           reverse("admin:articles_auditentry_change", args=[entry.pk]))
    if post.get("event"):
        verb, _, pk = post["event"].partition(":")
        if verb not in ("confirm", "reject") or not is_number(pk):
            return HttpResponseBadRequest(b"event: expected confirm:id or reject:id")
        if not request.user.has_perm("articles.change_event"):
            raise PermissionDenied
        n = curation.events_decide(request.user, Event.objects.filter(pk=int(pk)),
                                   DECISIONS[verb])
        return f"{_verb_past(verb)} {curation.count_of(n, 'event')}."
    return HttpResponseBadRequest(b"Nothing to do: expected decide, group, bulk, name or event.")


def _sample_decision(request):
    """``sample=actor:7`` with ``shown=actor:12`` (each row of the sample) and ``wrong=actor:12``
    (the rows found wrong): none wrong, every suggested tag of the group is confirmed and the
    sample is recorded as the evidence; else the wrong ones are rejected and the group stays."""
    post = request.POST
    kind, _, pk = post["sample"].partition(":")
    shown = [_parse_tag(v) for v in post.getlist("shown")]
    wrong = [_parse_tag(v) for v in post.getlist("wrong")]
    if kind != "actor" or not is_number(pk) or not shown or None in shown + wrong or any(
            k != "actor" for k, _ in shown + wrong):
        return HttpResponseBadRequest(b"sample: expected actor:id with shown=actor:id rows")
    _require(request, "actor")
    actor = Actor.objects.filter(pk=int(pk)).first()
    if actor is None:
        return HttpResponseBadRequest(b"sample: no such actor")
    shown_ids = {tag for _, tag in shown}
    wrong_ids = {tag for _, tag in wrong}
    if not wrong_ids <= shown_ids or ArticleActor.objects.filter(
            pk__in=shown_ids, actor=actor).count() != len(shown_ids):
        return HttpResponseBadRequest(b"sample: the rows are not tags of this actor")
    if wrong_ids:
        n = curation.tags_decide(request.user, "actor", sorted(wrong_ids), TagStatus.REJECTED)
        curation.sample_checked(request.user, actor, sorted(shown_ids), sorted(wrong_ids), 0)
        return (f"{len(wrong_ids)} of the {len(shown_ids)} in the sample were wrong: "
                f"{curation.count_of(n, 'tag')} rejected; the rest of {actor.name} stays to "
                f"review.")
    filt, problems = QueueFilter.from_params(post)
    if problems:
        return HttpResponseBadRequest("; ".join(problems).encode())
    # the group the sample was drawn from: its suggestions in the filter's articles
    ids = list(filt.of(ArticleActor.objects.filter(
        status=TagStatus.SUGGESTED, actor=actor)).values_list("pk", flat=True))
    n = curation.tags_decide(request.user, "actor", ids, TagStatus.CONFIRMED)
    curation.sample_checked(request.user, actor, sorted(shown_ids), [], n)
    return (f"All {len(shown_ids)} in the sample were right: {curation.count_of(n, 'tag')} of "
            f"{actor.name} confirmed, the sample kept as the evidence.")


def _require(request, kind: str) -> None:
    if not request.user.has_perm(curation.TAG_KINDS[kind].permission()):
        raise PermissionDenied


def _verb_past(verb: str) -> str:
    return {"confirm": "Confirmed", "reject": "Rejected", "reset": "Returned to suggested"}[verb]
