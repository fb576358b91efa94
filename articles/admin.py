import json

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Length
from django.http import HttpResponseBadRequest, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat, truncatechars
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from articles import curation, review
from articles.exports import csv_writer
from articles.highlight import Span, marked_paragraphs
from articles.models import (
    Actor,
    ActorAlias,
    ActorRedirect,
    AidEntry,
    AidPackage,
    Amount,
    Article,
    ArticleActor,
    ArticleEvent,
    ArticleRevision,
    AuditEntry,
    Event,
    EventParticipant,
    Feed,
    ImportBatch,
    PolicyRun,
    SearchWord,
    Source,
    StatedTotal,
    TagOrigin,
    TagStatus,
)
from articles.search import search_query

admin.site.site_header = "newsarchive curation"
admin.site.site_title = "newsarchive curation"
admin.site.index_title = "Archive administration"

# Links in the archive are https; a bare "example.com" typed by a curator should be too.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


CAPTURE_FORM_LIMIT = 5


def _capture_now(urls: list[str]) -> list[dict]:
    """For each address: the article it became, or why it was not captured."""
    from articles.capture import capture
    from articles.importers import import_paths

    path, errors = capture(urls)
    failed = {error.url: error.reason for error in errors}
    if path is not None:
        import_paths([str(path)], progress=False,
                     on_error=lambda error: failed.setdefault(error.location, error.reason))
    found = {a.url: a for a in Article.objects.filter(url__in=urls)}
    return [{"url": url, "article": found.get(url), "reason": failed.get(url, "")}
            for url in urls] + [{"url": where, "article": None, "reason": reason}
                                for where, reason in failed.items() if where not in urls]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """The feeds the archive polls (articles/feeds.py): what each last found, its failures, and
    when it is polled next. Pause one here; `manage.py poll_feeds` (run by `make run`) polls."""

    list_display = ["__str__", "url", "interval", "paused", "last_polled_at", "last_status",
                    "failures", "captured", "next_poll_at"]
    list_filter = ["paused"]
    list_editable = ["paused"]
    search_fields = ["title", "url"]
    fields = ["url", "title", "interval", "paused", "last_polled_at", "next_poll_at",
              "last_status", "last_error", "failures", "captured", "etag", "last_modified"]
    readonly_fields = ["last_polled_at", "last_status", "last_error", "failures", "captured",
                       "etag", "last_modified"]
    formfield_overrides = HTTPS_URLS

    def get_urls(self):
        return [path("capture/", self.admin_site.admin_view(self.capture_view),
                     name="articles_capture"), *super().get_urls()]

    def capture_view(self, request):
        """Capture pages now (articles/capture.py): a few addresses, fetched within this
        request under the capture's bounds, then imported; each refusal named."""
        if not request.user.has_perm("articles.add_article"):
            raise PermissionDenied
        urls, results = "", None
        if request.method == "POST":
            urls = request.POST.get("urls", "")
            given = [line.strip() for line in urls.splitlines() if line.strip()]
            if not given:
                messages.error(request, "Give at least one address, one per line.")
            elif len(given) > CAPTURE_FORM_LIMIT:
                messages.error(request, f"At most {CAPTURE_FORM_LIMIT} addresses at once; "
                                        f"`manage.py capture` takes more.")
            else:
                results = _capture_now(given)
        return TemplateResponse(request, "admin/articles/capture.html", {
            **self.admin_site.each_context(request), "title": "Capture pages", "urls": urls,
            "results": results, "limit": CAPTURE_FORM_LIMIT})


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "homepage", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = HTTPS_URLS

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, source):
        return source.article_count


def decide_buttons(kind: str, tag) -> str:
    """Confirm / reject buttons for one tag. They post the page's form to the decide view
    (``formaction``), which records the decision and comes back here."""
    if tag is None or tag.pk is None:
        return ""
    url = reverse("admin:articles_decide")
    buttons = [(url, f"{kind}:{tag.pk}:{verb}", css, label)
               for verb, css, label in (("confirm", "confirm", "✓ Confirm"),
                                        ("reject", "reject", "✗ Reject"),
                                        ("reset", "", "↺ Suggested"))
               if curation.DECISIONS[verb] != tag.status]
    return format_html('<span class="tag-decide">{}</span>', format_html_join(
        "", '<button type="submit" formaction="{}" formnovalidate name="decide" value="{}" '
        'class="{}">{}</button>', buttons))


class TagInline(admin.TabularInline):
    """The article's tags, each with one-click decisions. What a tag is about (its actor or
    event) is shown, not edited: a wrong one is rejected and the right one added by hand."""

    extra = 0
    tag_kind = ""
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Decide")
    def decide(self, tag):
        return decide_buttons(self.tag_kind, tag)


class AddedByHandInline(admin.TabularInline):
    """One empty row to add a tag by hand, with an autocomplete; it lists no existing tags.
    A tag added here is the curator's and confirmed."""

    extra = 1
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).none()


class ArticleActorInline(TagInline):
    model = ArticleActor
    tag_kind = "actor"
    fields = ["actor", "mention_count", "status", "origin", "confidence_reasons", "evidence",
              "decide"]
    readonly_fields = ["actor", "mention_count", "origin", "confidence_reasons", "evidence",
                       "decide"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description="confidence")
    def confidence_reasons(self, tag):
        return confidence_html(tag)


def confidence_html(tag) -> str:
    """A tag's or an amount's confidence, who confirmed it if the policy did, and why."""
    if tag.confidence is None:
        return "–"
    by = " (confirmed by the policy)" if getattr(tag, "policy_run_id", None) else ""
    return format_html("{}{}<br><span class=\"help\">{}</span>",
                       f"{tag.confidence:.2f}", by, "; ".join(tag.reasons))


class ArticleActorAddInline(AddedByHandInline):
    model = ArticleActor
    fields = ["actor"]
    autocomplete_fields = ["actor"]
    verbose_name = "actor added by hand"
    verbose_name_plural = "add an actor by hand"


class ArticleEventInline(TagInline):
    model = ArticleEvent
    tag_kind = "event"
    fields = ["event", "sentence", "status", "origin", "decide"]
    readonly_fields = ["event", "sentence", "origin", "decide"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")


class ArticleEventAddInline(AddedByHandInline):
    model = ArticleEvent
    fields = ["event", "sentence"]
    autocomplete_fields = ["event"]
    verbose_name = "event added by hand"
    verbose_name_plural = "add an event by hand"


class AmountInline(TagInline):
    """Amounts come from the text. A curator may correct the figures; a corrected amount is
    the curator's, and re-tagging keeps the correction."""

    model = Amount
    tag_kind = "amount"
    fields = ["raw_text", "value", "value_max", "currency", "value_usd", "qualifier", "status",
              "confidence_reasons", "decide"]
    readonly_fields = ["raw_text", "confidence_reasons", "decide"]

    @admin.display(description="confidence")
    def confidence_reasons(self, amount):
        return confidence_html(amount)


class AuditTrailMixin:
    """The audit entries of the object on its change page, with a link to all of them."""

    audit_filter = ""

    @admin.display(description="Audit trail")
    def audit_trail(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        entries = list(curation.audit_for(**{self.audit_filter: obj})[:25])
        changelist = reverse("admin:articles_auditentry_changelist")
        query = f"?about={self.audit_filter}:{obj.pk}"
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td><td><a href=\"{}\">{}</a></td>"
                                "<td>{}</td></tr>", (
            (f"{e.at:%Y-%m-%d %H:%M}", e.username,
             reverse("admin:articles_auditentry_change", args=[e.pk]), e.summary,
             "undone" if hasattr(e, "undone_by") else "")
            for e in entries))
        return format_html(
            '<table class="audit-table"><tbody>{}</tbody></table>'
            '<p><a href="{}{}">All entries</a> · <a href="{}{}">CSV</a></p>',
            rows or format_html("<tr><td>{}</td></tr>", "No decisions yet."),
            changelist, query, reverse("admin:articles_auditentry_export"), query)


class OriginalSizeMixin:
    """Show the size of the imported bytes, never the bytes: they can be megabytes."""

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("original")
            .annotate(original_bytes=Length("original"))
        )

    @admin.display(description="Original")
    def original_size(self, obj):
        return filesizeformat(obj.original_bytes or 0)


class ArticleRevisionInline(admin.TabularInline):
    model = ArticleRevision
    extra = 0
    fields = ["title", "replaced_at", "import_batch", "original_sha256"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).defer("original", "body")

    # Revisions are the record of what an import replaced; they are kept as they were.
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HasSuggestionsFilter(admin.SimpleListFilter):
    title = "has suggestions"
    parameter_name = "suggestions"

    def lookups(self, request, model_admin):
        return [("yes", "Yes: tags left to review"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        pending = (Exists(kind.model.objects.filter(article=OuterRef("pk"),
                                                    status=TagStatus.SUGGESTED))
                   for kind in curation.TAG_KINDS.values())
        condition = next(pending)
        for more in pending:
            condition |= more
        return queryset.filter(condition if self.value() == "yes" else ~condition)


class TagStatusFilter(admin.SimpleListFilter):
    title = "tag status"
    parameter_name = "tag_status"

    def lookups(self, request, model_admin):
        return [(TagStatus.CONFIRMED, "Has confirmed tags"),
                (TagStatus.REJECTED, "Has rejected tags"),
                ("untagged", "No tags at all")]

    def queryset(self, request, queryset):
        value = self.value()
        if value in (TagStatus.CONFIRMED, TagStatus.REJECTED):
            return queryset.filter(Exists(ArticleActor.objects.filter(
                article=OuterRef("pk"), status=value)) | Exists(Amount.objects.filter(
                    article=OuterRef("pk"), status=value)))
        if value == "untagged":
            return queryset.filter(~Exists(ArticleActor.objects.filter(article=OuterRef("pk"))))
        return queryset


TAG_KIND_OF = {ArticleActor: "actor", Amount: "amount", ArticleEvent: "event"}


@admin.register(Article)
class ArticleAdmin(AuditTrailMixin, OriginalSizeMixin, admin.ModelAdmin):
    list_display = ["title", "source", "published_at", "word_count", "needs_review"]
    list_filter = [HasSuggestionsFilter, TagStatusFilter, "source", "published_at",
                   "needs_review", "title_generated", "date_precision", "language"]
    list_select_related = ["source"]
    # Searched with the site's own full-text search: see get_search_results.
    search_fields = ["title"]
    search_help_text = ("Full-text search as on the site: words, \"a phrase\", or, -word. "
                        "A number finds that article id, a URL that article.")
    date_hierarchy = "published_at"
    autocomplete_fields = ["source"]
    raw_id_fields = ["import_batch"]
    show_full_result_count = False
    formfield_overrides = HTTPS_URLS
    inlines = [ArticleActorInline, ArticleActorAddInline, ArticleEventInline,
               ArticleEventAddInline, AmountInline, ArticleRevisionInline]
    change_list_template = "admin/articles/article/change_list.html"
    change_form_template = "admin/articles/article/change_form.html"
    actions = ["confirm_suggestions", "retag", "reject_actor"]
    audit_filter = "article"
    readonly_fields = [
        "marked_text",
        "content_sha256",
        "original_sha256",
        "original_size",
        "original_location",
        "word_count",
        "imported_at",
        "updated_at",
        "search_vector_preview",
        "audit_trail",
    ]
    fieldsets = [
        ("Mentions", {"fields": ["marked_text"],
                      "description": "The text with every tagged mention marked: yellow "
                      "suggested, green confirmed, red rejected. The tags and their "
                      "Confirm / Reject buttons are below the form."}),
        (None, {"fields": ["title", "title_generated", "slug", "source", "published_at",
                           "date_precision", "url", "language"]}),
        ("Text", {"classes": ["collapse"], "fields": ["lede", "body"]}),
        ("Review", {"fields": ["needs_review", "review_reasons"]}),
        ("Audit trail", {"fields": ["audit_trail"]}),
        ("Credits", {"classes": ["collapse"],
                     "fields": ["byline", "authors", "editors", "dateline_place"]}),
        ("Provenance", {"classes": ["collapse"],
                        "fields": ["import_batch", "original_location", "original_size",
                                   "original_sha256", "content_sha256", "word_count",
                                   "imported_at", "updated_at", "extra"]}),
        ("Search", {"classes": ["collapse"], "fields": ["search_vector_preview"]}),
    ]

    class Media:
        css = {"all": ["admin/articles/curation.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector")

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if review.is_number(term):
            return queryset.filter(pk=int(term)), False
        if term.startswith(("http://", "https://")):
            return queryset.filter(url=term), False
        if len(term) == 64 and all(c in "0123456789abcdef" for c in term.lower()):
            return queryset.filter(models.Q(content_sha256=term.lower())
                                   | models.Q(original_sha256=term.lower())), False
        return queryset.filter(search_vector=search_query(term)), False

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(lambda request: view(request, self))

        return [
            path("review/", wrap(review.review_queue), name="articles_review"),
            path("decide/", wrap(review.decide), name="articles_decide"),
            *super().get_urls(),
        ]

    @admin.display(description="Search vector")
    def search_vector_preview(self, article):
        # A read-only excerpt: the vector is generated by the database from the text above.
        return truncatechars(str(article.search_vector or ""), 2000)

    @admin.display(description="Text")
    def marked_text(self, article):
        if article is None or article.pk is None:
            return "–"
        spans = [
            Span(start, end, f"mention status-{tag.status}",
                 reverse("admin:articles_actor_change", args=[tag.actor_id]),
                 f"{tag.actor.name} ({tag.actor.kind}): {tag.status}")
            for tag in article.actor_tags.select_related("actor")
            for start, end in tag.offsets
        ] + [Span(a.start, a.end, f"mention status-{a.status}", "", f"{a.raw_text}: {a.status}")
             for a in article.amounts.all()]
        paragraphs = marked_paragraphs(article.body, spans)
        return format_html('<div class="marked-text">{}</div>',
                           format_html_join("", "<p>{}</p>", ((p,) for p in paragraphs)))

    def save_formset(self, request, form, formset, change):
        kind = TAG_KIND_OF.get(formset.model)
        if kind is None:
            return super().save_formset(request, form, formset, change)
        added, decided, edited = [], [], []
        for tag_form in formset.forms:
            if not tag_form.has_changed() or tag_form in formset.deleted_forms:
                continue
            tag = tag_form.instance
            if tag.pk is None:
                curation.tag_origin_curator(tag)
                added.append(tag)
                continue
            if "status" in tag_form.changed_data:
                # The decision goes through curation so it is audited; the rest saves here.
                decided.append((tag.pk, tag.status))
                tag.status = tag_form.initial["status"]
            fields = [name for name in tag_form.changed_data if name != "status"]
            if fields:
                # A curator's correction (an amount's figures): re-tagging keeps it.
                tag.origin = TagOrigin.CURATOR
                edited.append((tag, {n: str(tag_form.initial.get(n)) for n in fields},
                               {n: str(tag_form.cleaned_data.get(n)) for n in fields}))
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            for tag in added:
                curation.tag_added(request.user, kind, tag)
            for tag, before, after in edited:
                curation.tag_edited(request.user, kind, tag, before, after)
            for pk, status in decided:
                curation.tags_decide(request.user, kind, [pk], status)

    @admin.action(description="Confirm every suggested tag of the selected articles",
                  permissions=["change"])
    def confirm_suggestions(self, request, queryset):
        n = curation.suggestions_confirm(request.user, queryset)
        self.message_user(request, f"Confirmed {n} tags.", messages.SUCCESS)

    @admin.action(description="Retag the selected articles (curator decisions hold)",
                  permissions=["change"])
    def retag(self, request, queryset):
        n = curation.articles_retag(request.user, queryset.order_by("pk"))
        self.message_user(request, f"Retagged {n} articles.", messages.SUCCESS)

    @admin.action(description="Reject one actor in the selected articles…",
                  permissions=["change"])
    def reject_actor(self, request, queryset):
        tags = ArticleActor.objects.filter(article__in=queryset).exclude(status=TagStatus.REJECTED)
        if request.POST.get("apply"):
            actor_id = request.POST.get("actor", "")
            if not review.is_number(actor_id):
                self.message_user(request, "actor: choose an actor to reject.", messages.ERROR)
                return None
            ids = list(tags.filter(actor_id=int(actor_id)).values_list("pk", flat=True))
            n = curation.tags_decide(request.user, "actor", ids, TagStatus.REJECTED)
            self.message_user(request, f"Rejected {n} tags.", messages.SUCCESS)
            return None
        actors = (Actor.objects.filter(article_tags__in=tags)
                  .annotate(n=Count("article_tags")).order_by("-n", "name"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Reject one actor in the selected articles",
            "opts": self.model._meta,
            "actors": actors,
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "article_count": queryset.count(),
        }
        return TemplateResponse(request, "admin/articles/article/reject_actor.html", context)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source_name", "format", "created", "updated", "unchanged",
                    "failed", "finished_at"]
    list_filter = ["format", "source_name"]
    search_fields = ["source_name", "paths"]
    date_hierarchy = "started_at"
    readonly_fields = ["started_at", "finished_at", "paths_list", "format", "source_name",
                       "created", "updated", "unchanged", "failed", "errors_list"]
    fields = readonly_fields

    # A batch is a record of what the importer did; nobody should rewrite that history.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Paths")
    def paths_list(self, batch):
        items = format_html_join("", "<li><code>{}</code></li>", ((path,) for path in batch.paths))
        return format_html("<ul>{}</ul>", items)

    @admin.display(description="Errors")
    def errors_list(self, batch):
        if not batch.errors:
            return "None"
        rows = (
            (error.get("location", ""), error.get("reason", ""))
            if isinstance(error, dict)
            else ("", error)
            for error in batch.errors
        )
        return format_html(
            "<ol>{}</ol>", format_html_join("", "<li><code>{}</code>: {}</li>", rows)
        )


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(OriginalSizeMixin, admin.ModelAdmin):
    list_display = ["title", "article", "replaced_at", "import_batch"]
    list_select_related = ["article", "import_batch"]
    search_fields = ["title", "original_sha256", "article__title"]
    date_hierarchy = "replaced_at"
    raw_id_fields = ["article", "import_batch"]
    readonly_fields = ["article", "title", "replaced_at", "import_batch", "original_location",
                       "original_size", "original_sha256", "body"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


class MergedFilter(admin.SimpleListFilter):
    title = "merged"
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("no", "Not merged"), ("yes", "Merged into another")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(merged_into__isnull=self.value() == "no")
        return queryset


@admin.register(Actor)
class ActorAdmin(AuditTrailMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "iso_code", "category", "status", "merged_into",
                    "edited_by_curator"]
    list_filter = ["kind", "status", MergedFilter, "edited_by_curator", "category"]
    list_select_related = ["merged_into"]
    search_fields = ["name", "slug", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorAliasInline]
    actions = ["merge_actors", "promote", "reject_everywhere"]
    audit_filter = "actor"
    readonly_fields = ["merged_into", "audit_trail"]

    def get_readonly_fields(self, request, obj=None):
        # An actor's status changes through the audited actions (promote, reject everywhere).
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "status"] if obj is not None else fields

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if request.path.endswith("/autocomplete/"):
            # Adding a tag by hand: only actors that can carry one.
            queryset = queryset.filter(merged_into__isnull=True).exclude(status=TagStatus.REJECTED)
        return queryset, duplicates

    def save_model(self, request, obj, form, change):
        # A curator's change is final: gazetteer reloads leave this actor alone from now on.
        if change and form.has_changed():
            obj.edited_by_curator = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # So is a change to its aliases: a deleted gazetteer alias must not come back.
        removed = [f.instance.alias for f in formset.deleted_forms if f.instance.pk]
        renamed = [f.initial["alias"] for f in formset.initial_forms
                   if f not in formset.deleted_forms and "alias" in f.changed_data]
        super().save_formset(request, form, formset, change)
        actor = form.instance
        if change and formset.has_changed() and not actor.edited_by_curator:
            actor.edited_by_curator = True
            actor.save(update_fields=["edited_by_curator", "updated_at"])
        # The articles that contain an added or deleted alias are retagged at once.
        changed = [(alias.alias, True) for alias in formset.new_objects]
        changed += [(alias, False) for alias in removed + renamed]
        changed += [(alias.alias, True) for alias, fields in formset.changed_objects
                    if "alias" in fields]
        for alias, added in changed:
            n, left = curation.alias_changed(request.user, actor, alias, added=added)
            message = f"“{alias}”: {curation.count_of(n, 'article')} retagged."
            if left:
                message += (f" {left} more contain it: run `python manage.py retag --contains "
                            f"\"{alias}\"` to retag them.")
            self.message_user(request, message, messages.WARNING if left else messages.INFO)

    @admin.action(description="Merge the selected actors…", permissions=["change"])
    def merge_actors(self, request, queryset):
        actors = list(queryset.filter(merged_into__isnull=True).exclude(
            status=TagStatus.REJECTED).annotate(
            tag_count=Count("article_tags", distinct=True),
            alias_count=Count("aliases", distinct=True)).order_by("-tag_count", "name"))
        if len(actors) < 2:
            self.message_user(request, "Select two or more actors that are neither merged "
                              "already nor rejected.", messages.WARNING)
            return None
        if request.POST.get("apply"):
            survivor = next((a for a in actors if str(a.pk) == request.POST.get("survivor")), None)
            if survivor is None:
                self.message_user(request, "survivor: choose one of the selected actors.",
                                  messages.ERROR)
                return None
            entries = curation.actors_merge(request.user, survivor,
                                            [a for a in actors if a.pk != survivor.pk])
            for entry in entries:
                self.message_user(request, entry.summary, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:articles_actor_change", args=[survivor.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge actors",
            "opts": self.model._meta,
            "actors": actors,
            "kinds_differ": len({a.kind for a in actors}) > 1,
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/actor/merge.html", context)

    @admin.action(description="Promote the selected proposed names to actors",
                  permissions=["change"])
    def promote(self, request, queryset):
        entries = [curation.actor_promote(request.user, actor)
                   for actor in queryset.exclude(status=TagStatus.CONFIRMED)]
        self.message_user(request, f"Promoted {len(entries)} actors.", messages.SUCCESS)

    @admin.action(description="Reject the selected names everywhere", permissions=["change"])
    def reject_everywhere(self, request, queryset):
        entries = [curation.actor_reject_name(request.user, actor)
                   for actor in queryset.exclude(status=TagStatus.REJECTED)]
        for entry in entries:
            self.message_user(request, entry.summary, messages.SUCCESS)


class TagAdmin(admin.ModelAdmin):
    """Shared shape for the tags curators confirm or reject. The status changes only through
    the audited actions here, the review queue and the article page."""

    list_filter = ["status", "origin"]
    raw_id_fields = ["article"]
    show_full_result_count = False
    actions = ["confirm_selected", "reject_selected"]
    tag_kind = ""

    # Read here, decided with the actions; added and corrected on the article's page, where
    # every change is audited.
    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.concrete_fields]

    def _decide(self, request, queryset, status):
        n = curation.tags_decide(request.user, self.tag_kind,
                                 list(queryset.values_list("pk", flat=True)), status)
        self.message_user(request, f"{curation.STATUS_ACTIONS[status].label} {n} tags.",
                          messages.SUCCESS)

    @admin.action(description="Confirm the selected tags", permissions=["change"])
    def confirm_selected(self, request, queryset):
        self._decide(request, queryset, TagStatus.CONFIRMED)

    @admin.action(description="Reject the selected tags", permissions=["change"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, TagStatus.REJECTED)


@admin.register(ArticleActor)
class ArticleActorAdmin(TagAdmin):
    tag_kind = "actor"
    list_display = ["actor", "article", "mention_count", "status", "origin"]
    list_filter = ["status", "origin", "actor__kind"]
    list_select_related = ["actor", "article"]
    search_fields = ["actor__name", "article__title", "evidence"]
    autocomplete_fields = ["actor"]


@admin.register(Amount)
class AmountAdmin(TagAdmin):
    tag_kind = "amount"
    list_display = ["raw_text", "value", "currency", "value_usd", "qualifier", "status",
                    "confidence", "article"]
    list_filter = ["status", "origin", "qualifier", "currency", ("policy_run", admin.EmptyFieldListFilter)]
    list_select_related = ["article"]
    search_fields = ["raw_text", "sentence", "article__title"]


class EventParticipantInline(admin.TabularInline):
    model = EventParticipant
    fields = ["role", "actor"]
    autocomplete_fields = ["actor"]
    extra = 0
    verbose_name = "participant"
    verbose_name_plural = "who or where the event involves"


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Events have statuses like tags: those the tagger made (aid announcements, calls,
    visits) are suggested until a curator decides, with the audited actions."""

    inlines = [EventParticipantInline]

    list_display = ["name", "kind", "place", "start_date", "end_date", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "slug", "place"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "start_date"
    readonly_fields = ["status", "origin"]
    actions = ["confirm_events", "reject_events"]

    def save_model(self, request, obj, form, change):
        # An event a curator changed is the curator's: gazetteer reloads and the tagger leave it.
        if change and form.has_changed():
            obj.edited_by_curator = True
            obj.origin = TagOrigin.CURATOR
        super().save_model(request, obj, form, change)

    @admin.action(description="Confirm the selected events", permissions=["change"])
    def confirm_events(self, request, queryset):
        n = curation.events_decide(request.user, queryset, TagStatus.CONFIRMED)
        self.message_user(request, f"Confirmed {n} events.", messages.SUCCESS)

    @admin.action(description="Reject the selected events and their tags in every article",
                  permissions=["change"])
    def reject_events(self, request, queryset):
        # A rejected event leaves every page, the article lists' facets and exports included.
        n = curation.events_decide(request.user, queryset, TagStatus.REJECTED)
        self.message_user(request, f"Rejected {n} events.", messages.SUCCESS)


@admin.register(ArticleEvent)
class ArticleEventAdmin(TagAdmin):
    tag_kind = "event"
    list_display = ["event", "article", "status", "origin"]
    list_select_related = ["event", "article"]
    search_fields = ["event__name", "article__title", "sentence"]
    autocomplete_fields = ["event"]


@admin.register(ActorRedirect)
class ActorRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "actor", "created_at"]
    search_fields = ["old_slug", "actor__name"]
    autocomplete_fields = ["actor"]


@admin.register(SearchWord)
class SearchWordAdmin(admin.ModelAdmin):
    """The words typo suggestions offer; counted by imports, not edited by hand."""

    list_display = ["word", "documents"]
    search_fields = ["word"]
    readonly_fields = ["word", "documents"]

    def has_add_permission(self, request):
        return False


def _audit_rows(entries):
    yield ["id", "at", "user", "action", "target", "target_id", "article_id", "actor_id",
           "summary", "before", "after", "undone_by"]
    for e in entries.iterator(chunk_size=1000):
        undone = getattr(e, "undone_by", None)
        yield [e.pk, e.at.isoformat(), e.username, e.action, e.target, e.target_id,
               e.article_id, e.actor_id, e.summary, json.dumps(e.before, ensure_ascii=False),
               json.dumps(e.after, ensure_ascii=False), undone.pk if undone else ""]


def audit_csv(entries, filename="audit-trail.csv") -> StreamingHttpResponse:
    writer = csv_writer()
    response = StreamingHttpResponse((writer.writerow(row) for row in _audit_rows(entries)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class AboutFilter(admin.SimpleListFilter):
    """``?about=actor:ID`` or ``?about=article:ID``: the entries an actor's or an article's
    page lists (curation.audit_about), for the full list and its CSV."""

    title = "about"
    parameter_name = "about"

    def lookups(self, request, model_admin):
        return [(self.value(), self.value())] if self.value() else []

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        kind, _, pk = self.value().partition(":")
        if kind not in ("actor", "article") or not review.is_number(pk):
            raise IncorrectLookupParameters("about: expected actor:ID or article:ID")
        return queryset.filter(curation.audit_about(**{kind: int(pk)}))


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the archive writes itself: shown, never added, changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PolicyRun)
class PolicyRunAdmin(ReadOnlyAdmin):
    """The confirmation policy (articles/policy.py): its setting and measured precision above
    the list, every run below; a run is undone from its entry in the audit trail."""

    list_display = ["at", "threshold", "confirmed", "still_confirmed", "measured_precision",
                    "undone_at", "undo_link"]
    readonly_fields = ["at", "threshold", "confirmed", "measured_precision", "undone_at",
                       "undone_by"]
    change_list_template = "admin/articles/policyrun/change_list.html"

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_auditentry") or super().has_view_permission(
            request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            kept=Count("tags", filter=Q(tags__status=TagStatus.CONFIRMED)))

    @admin.display(description="still confirmed by it")
    def still_confirmed(self, run):
        return run.kept

    @admin.display(description="Undo")
    def undo_link(self, run):
        entry = AuditEntry.objects.filter(action=AuditEntry.Action.POLICY,
                                          target=curation.POLICY_TARGET, target_id=run.pk).first()
        if entry is None or run.undone_at:
            return "–"
        return format_html('<a href="{}">undo from the audit trail</a>',
                           reverse("admin:articles_auditentry_change", args=[entry.pk]))

    def changelist_view(self, request, extra_context=None):
        from articles.policy import candidates_count, policy_current

        policy = policy_current()
        waiting = sum(candidates_count(policy.threshold)) if policy.enabled else 0
        return super().changelist_view(request, {**(extra_context or {}), "policy": policy,
                                                 "waiting": waiting})


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The record of curator decisions: read-only; undo from an entry's page."""

    list_display = ["at", "username", "action", "target", "summary", "article", "actor",
                    "undone"]
    list_filter = [AboutFilter, "action", "target", "username", "at"]
    search_fields = ["summary", "username"]
    date_hierarchy = "at"
    actions = ["export_csv"]
    raw_id_fields = ["article", "actor"]
    readonly_fields = ["at", "username", "action", "target", "target_id", "article", "actor",
                       "summary", "before", "after", "undoes", "undone", "undo_button"]
    fields = readonly_fields
    change_list_template = "admin/articles/auditentry/change_list.html"

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("article", "actor", "undone_by")
                .defer("article__body", "article__original", "article__search_vector"))

    @admin.display(description="Undone", boolean=True)
    def undone(self, entry):
        return hasattr(entry, "undone_by")

    @admin.display(description="Undo")
    def undo_button(self, entry):
        if not curation.can_undo(entry):
            return "Undone already." if hasattr(entry, "undone_by") else "This cannot be undone."
        return format_html(
            '<button type="submit" formaction="{}" class="button">Undo this</button>',
            reverse("admin:articles_auditentry_undo", args=[entry.pk]))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/undo/", wrap(require_POST(self.undo_view)),
                 name="articles_auditentry_undo"),
            path("export/", wrap(self.export_view), name="articles_auditentry_export"),
            *super().get_urls(),
        ]

    def undo_view(self, request, pk):
        entry = get_object_or_404(AuditEntry, pk=pk)
        model = (curation.TARGETS[entry.target].model._meta.model_name
                 if entry.target in curation.TARGETS else "actor")
        if not request.user.has_perm(f"articles.change_{model}"):
            raise PermissionDenied
        try:
            undo = curation.undo(request.user, entry)
        except curation.CannotUndo as problem:
            self.message_user(request, f"Not undone: {problem}", messages.ERROR)
        else:
            self.message_user(request, undo.summary, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_auditentry_change", args=[pk]))

    def export_view(self, request):
        """Every entry the changelist would show with the same filters and search, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest(b"Unknown or invalid filter in the query string.")
        return audit_csv(changelist.get_queryset(request))

    @admin.action(description="Export the selected entries as CSV")
    def export_csv(self, request, queryset):
        return audit_csv(queryset.select_related("undone_by"))


# --- Events and the aid ledger -------------------------------------------------------------


@admin.register(AidEntry)
class AidEntryAdmin(TagAdmin):
    """Ledger rows: decided with the audited actions (and in the review queue); their facts
    can be corrected here, which makes the row the curator's and is audited too."""

    tag_kind = "aid"
    list_display = ["date", "donor", "recipient", "amount_text", "value_usd", "programme",
                    "stage", "kind", "confidence", "status", "article"]
    list_filter = ["status", "origin", "kind", "stage", "programme"]
    exclude = ["confidence", "reasons"]
    list_select_related = ["donor", "recipient", "article"]
    search_fields = ["sentence", "amount_text", "donor__name", "recipient__name", "article__title"]
    autocomplete_fields = ["donor", "recipient", "equipment"]
    raw_id_fields = ["article", "amount", "event"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        return ["status", "origin", "confidence_reasons"]

    @admin.display(description="confidence")
    def confidence_reasons(self, entry):
        return confidence_html(entry)

    def save_model(self, request, obj, form, change):
        # A row a curator edited is the curator's: re-tagging leaves it as it is.
        obj.origin = TagOrigin.CURATOR
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and form.changed_data:
                fields = [f for f in form.changed_data if f != "equipment"]
                curation.tag_edited(request.user, "aid", obj,
                                    {f: str(form.initial.get(f)) for f in fields},
                                    {f: str(form.cleaned_data.get(f)) for f in fields})


class PackageReportInline(admin.TabularInline):
    model = AidEntry
    fk_name = "package"
    fields = ["date", "amount_text", "role", "programme", "status", "article"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "report"
    verbose_name_plural = "reports of this package"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AidPackage)
class AidPackageAdmin(admin.ModelAdmin):
    """Packages as the ledger counts them, each with the reports that make it up. Confirm or
    reject them (a rejected package leaves the sums); a correction of its figures makes the
    package the curator's. Both are audited."""

    list_display = ["announced_on", "donor", "recipient", "value_usd", "counted_usd",
                    "programme", "ordinal", "stage", "status", "reports", "parent"]
    list_filter = ["status", "programme", "stage", "edited_by_curator"]
    list_select_related = ["donor", "recipient", "parent"]
    search_fields = ["donor__name", "recipient__name", "mentions__amount_text"]
    autocomplete_fields = ["donor", "recipient"]
    raw_id_fields = ["parent", "event"]
    readonly_fields = ["counted_usd", "status", "edited_by_curator", "created_at"]
    date_hierarchy = "announced_on"
    inlines = [PackageReportInline]
    actions = ["confirm", "reject"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_count=Count("mentions"))

    @admin.display(ordering="report_count", description="reports")
    def reports(self, obj):
        return obj.report_count

    @admin.action(description="Confirm the selected packages", permissions=["change"])
    def confirm(self, request, queryset):
        n = curation.packages_decide(request.user, queryset, TagStatus.CONFIRMED)
        self.message_user(request, f"Confirmed {curation.count_of(n, 'package')}.")

    @admin.action(description="Reject the selected packages (they leave the sums)",
                  permissions=["change"])
    def reject(self, request, queryset):
        n = curation.packages_decide(request.user, queryset, TagStatus.REJECTED)
        self.message_user(request, f"Rejected {curation.count_of(n, 'package')}.")

    def save_model(self, request, obj, form, change):
        obj.edited_by_curator = True
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and form.changed_data:
                curation.package_edited(
                    request.user, obj, {f: str(form.initial.get(f)) for f in form.changed_data},
                    {f: str(form.cleaned_data.get(f)) for f in form.changed_data})
            from articles.packages import packages_rebuild

            packages_rebuild()


@admin.register(StatedTotal)
class StatedTotalAdmin(ReadOnlyAdmin):
    """The running totals the texts state, as the ledger checks itself against them; read
    them here, decide on them through their mention (a misread total is rejected there)."""

    list_display = ["as_of", "donor", "recipient", "value_usd", "qualifier", "scope", "programme",
                    "article"]
    list_filter = ["scope", "programme"]
    list_select_related = ["donor", "recipient", "article"]
    search_fields = ["donor__name", "recipient__name", "mention__sentence"]
    date_hierarchy = "as_of"
