"""The archive's data: sources, articles, import batches, and the tags curators review."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.functions import Left
from django.urls import reverse
from django.utils import timezone

# PostgreSQL refuses a tsvector over 1 MB. The index covers the first part of very long
# bodies (longer than any real article or transcript in the corpus); the whole text is kept.
SEARCH_BODY_CHARS = 250_000


@models.BigAutoField.register_lookup
class AnyOf(models.Lookup):
    """``pk__any=[...]``: ``= ANY(%s)`` with one array parameter. A list of 2,000 ids as
    ``IN (%s, %s, ...)`` costs more to build and send than the query costs to run."""

    lookup_name = "any"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        # As array text: adapting a Python list of 2,000 ints costs a few ms per query.
        return "%s::bigint[]", ["{" + ",".join(str(int(v)) for v in value) + "}"]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


class TagStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"

    @classmethod
    def visible(cls):
        """Statuses the public pages show: a rejected tag never appears."""
        return [cls.SUGGESTED, cls.CONFIRMED]


class TagOrigin(models.TextChoices):
    TAGGER = "tagger", "Tagger"
    CURATOR = "curator", "Curator"


class StoredSearchVector(models.GeneratedField):
    """A stored generated tsvector that is not read back after each save: only queries use it,
    and sending it back on every insert slowed imports by a sixth."""

    db_returning = False


class Source(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    homepage = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ImportBatch(models.Model):
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    paths = models.JSONField(default=list, help_text="The paths given to the importer.")
    format = models.CharField(max_length=10, default="auto")
    source_name = models.CharField(max_length=200, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(
        default=list, blank=True, help_text='Every failed record: {"location", "reason"}.'
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"Import {self.pk} ({self.started_at:%Y-%m-%d %H:%M})"


class ArticleQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-id")

    def needing_review(self):
        return self.filter(needs_review=True)

    def mentioning(self, actor):
        """Articles with a tag of ``actor`` that no curator rejected."""
        tags = ArticleActor.objects.filter(
            article=models.OuterRef("pk"), actor=actor, status__in=TagStatus.visible())
        return self.filter(models.Exists(tags))


class Article(models.Model):
    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        TIME = "time", "Date and time"

    title = models.CharField(max_length=500)
    title_generated = models.BooleanField(
        default=False, help_text="The source gave no headline; this one was derived from the text."
    )
    slug = models.SlugField(max_length=120)
    lede = models.TextField(blank=True, help_text="The first paragraph.")
    body = models.TextField()
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    date_precision = models.CharField(max_length=4, choices=DatePrecision, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    byline = models.TextField(blank=True, help_text="Credit line as given by the source.")
    authors = models.JSONField(default=list, blank=True)
    editors = models.JSONField(default=list, blank=True)
    dateline_place = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    extra = models.JSONField(default=dict, blank=True, help_text="Fields the importer kept as given.")
    needs_review = models.BooleanField(default=False)
    review_reasons = models.JSONField(default=list, blank=True)
    content_sha256 = models.CharField(
        max_length=64, help_text="SHA-256 of the normalised body and its publication day."
    )
    original_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the original bytes.")
    original = models.BinaryField(help_text="The bytes or record exactly as imported.")
    original_location = models.CharField(max_length=1000, blank=True)
    word_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    search_vector = StoredSearchVector(
        expression=(
            SearchVector("title", weight="A", config="english")
            + SearchVector("lede", weight="B", config="english")
            + SearchVector(Left("body", SEARCH_BODY_CHARS), weight="C", config="english")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_at").desc(nulls_last=True), "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="article_search_vector_gin"),
            models.Index(
                models.F("published_at").desc(nulls_last=True),
                models.F("id").desc(),
                name="article_published_desc",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["url"], name="article_url_unique"),
            models.UniqueConstraint(fields=["content_sha256"], name="article_content_unique"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def captured_at(self) -> str:
        """When the page this article is was captured (a WARC's ``WARC-Date``), or ""."""
        return (self.extra or {}).get("captured_at", "")

    @property
    def paragraphs(self):
        return [p for p in self.body.split("\n\n") if p.strip()]


class SearchWord(models.Model):
    """A word of the search index and how many articles have it: typo suggestions."""

    word = models.CharField(max_length=100, unique=True)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [GinIndex(OpClass("word", name="gin_trgm_ops"), name="searchword_word_trgm")]

    def __str__(self):
        return self.word


class ArticleRevision(models.Model):
    """An article as it was before a re-import changed it: what we were given is never lost."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=500)
    body = models.TextField()
    original = models.BinaryField()
    original_sha256 = models.CharField(max_length=64)
    original_location = models.CharField(max_length=1000, blank=True)
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at"]

    def __str__(self):
        return f"{self.title} (until {self.replaced_at:%Y-%m-%d %H:%M})"


class ActorQuerySet(models.QuerySet):
    def known(self):
        """Actors the tagger matches: the gazetteer's and those curators accepted, not merged
        into another."""
        return self.filter(status=TagStatus.CONFIRMED, merged_into__isnull=True)

    def listed(self):
        """Actors the public pages list: the known ones and those the tagger proposed, until a
        curator rejects or merges them."""
        return self.exclude(status=TagStatus.REJECTED).filter(merged_into__isnull=True)


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        COUNTRY = "country", "Country"
        ORGANIZATION = "organization", "Organization"
        EQUIPMENT = "equipment", "Equipment"

    name = models.CharField(max_length=200)
    name_case_sensitive = models.BooleanField(
        default=False, help_text="Match the name only as written (\"China\", not \"china\")."
    )
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=Kind, db_index=True)
    iso_code = models.CharField(max_length=3, blank=True, help_text="ISO 3166-1 alpha-2, countries.")
    category = models.CharField(
        max_length=50, blank=True, help_text="Equipment category, or the kind of organisation."
    )
    description = models.TextField(blank=True)
    attributes = models.JSONField(
        default=dict, blank=True, help_text="Other gazetteer facts, e.g. a person's country."
    )
    status = models.CharField(
        max_length=10, choices=TagStatus, default=TagStatus.CONFIRMED,
        help_text="Suggested: a name the tagger proposed (a new person) that no curator has "
        "reviewed yet.",
    )
    edited_by_curator = models.BooleanField(
        default=False, help_text="A curator changed this actor; gazetteer reloads leave it alone."
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_actors",
        help_text="Set by a merge: this actor's tags and names now belong to that one, and its "
        "page redirects there. Kept, so a gazetteer reload cannot bring it back and the merge "
        "can be undone.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(OpClass("name", name="gin_trgm_ops"), name="actor_name_trgm")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:actor", kwargs={"slug": self.slug})


class ActorRedirect(models.Model):
    """An old slug of an actor merged into another: its page answers with a 301."""

    old_slug = models.SlugField(max_length=200, unique=True)
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.actor.slug}"


class ActorAlias(models.Model):
    class Origin(models.TextChoices):
        GAZETTEER = "gazetteer", "Gazetteer"
        CURATOR = "curator", "Curator"

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    case_sensitive = models.BooleanField(
        default=False, help_text="Match only this exact capitalisation (\"US\", not \"us\")."
    )
    origin = models.CharField(max_length=10, choices=Origin, default=Origin.CURATOR)

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "actor aliases"
        indexes = [GinIndex(OpClass("alias", name="gin_trgm_ops"), name="actoralias_alias_trgm")]
        constraints = [
            models.UniqueConstraint(fields=["actor", "alias"], name="actoralias_actor_alias_unique")
        ]

    def __str__(self):
        return self.alias


class TagQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(status__in=TagStatus.visible())


class ArticleActor(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="actor_tags")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="article_tags")
    mention_count = models.PositiveIntegerField(default=0)
    offsets = models.JSONField(default=list, blank=True, help_text="[[start, end], ...] in body")
    evidence = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=TagStatus, default=TagStatus.SUGGESTED)
    origin = models.CharField(max_length=8, choices=TagOrigin, default=TagOrigin.TAGGER)
    confidence = models.FloatField(
        null=True, blank=True,
        help_text="How sure the tagger is, 0 to 1 (articles/tagging/confidence.py).")
    reasons = models.JSONField(default=list, blank=True,
                               help_text="How the mentions name the actor, for curators.")
    certain = models.BooleanField(
        default=False, help_text="Some mention is evidence the policy may confirm on: not only "
        "an ambiguous word, not a proposed name.")
    policy_run = models.ForeignKey(
        "PolicyRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="tags",
        help_text="The policy run that confirmed this tag; cleared when a curator decides.")

    objects = TagQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "actor"], name="articleactor_unique")
        ]
        indexes = [
            models.Index(fields=["actor", "status"], name="articleactor_actor_status"),
            # An actor's latest articles (related articles) without sorting all of them.
            models.Index(fields=["actor", "article"], name="articleactor_actor_article"),
        ]

    def __str__(self):
        return f"{self.actor} in {self.article_id}"


class Amount(models.Model):
    class Qualifier(models.TextChoices):
        EXACT = "exact", "Exact"
        ABOUT = "about", "About"
        MORE_THAN = "more_than", "More than"
        LESS_THAN = "less_than", "Less than"
        UP_TO = "up_to", "Up to"
        RANGE = "range", "Range"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="amounts")
    value = models.DecimalField(max_digits=24, decimal_places=2)
    value_max = models.DecimalField(max_digits=24, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3)
    value_usd = models.DecimalField(max_digits=24, decimal_places=2, null=True, blank=True)
    qualifier = models.CharField(max_length=10, choices=Qualifier, default=Qualifier.EXACT)
    raw_text = models.CharField(max_length=200)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    sentence = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=TagStatus, default=TagStatus.SUGGESTED)
    origin = models.CharField(max_length=8, choices=TagOrigin, default=TagOrigin.TAGGER)
    confidence = models.FloatField(
        null=True, blank=True,
        help_text="How sure the reader is of value, currency and qualifier, 0 to 1 "
                  "(articles/tagging/confidence.py).")
    reasons = models.JSONField(default=list, blank=True,
                               help_text="How the figure is written, for curators.")
    certain = models.BooleanField(
        default=False, help_text="The policy may confirm it: not a figure the speaker corrects, "
        "not a qualifier read two ways.")
    policy_run = models.ForeignKey(
        "PolicyRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="amounts",
        help_text="The policy run that confirmed this amount; cleared when a curator decides.")

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="amount_span_unique",
                deferrable=models.Deferrable.DEFERRED,
            )
        ]
        indexes = [models.Index(fields=["value_usd"], name="amount_value_usd")]

    def __str__(self):
        return self.raw_text

    @property
    def summary(self) -> str:
        """The amount in words for a tooltip: qualifier, value, currency, and USD if converted."""
        usd = f" ≈ ${self.value_usd:,.0f}" if self.value_usd is not None and self.currency != "USD" else ""
        return f"{self.get_qualifier_display()} {self.value:,.0f} {self.currency}{usd}"


class EventQuerySet(models.QuerySet):
    def visible(self):
        return self.exclude(status=TagStatus.REJECTED)


class Event(models.Model):
    class Kind(models.TextChoices):
        SUMMIT = "summit", "Summit"
        MEETING = "meeting", "Meeting"
        ELECTION = "election", "Election"
        AID_ANNOUNCEMENT = "aid_announcement", "Aid announcement"
        VOTE = "vote", "Vote"
        VISIT = "visit", "Visit"
        CALL = "call", "Call"
        ATTACK = "attack", "Attack"

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind)
    place = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=TagStatus, default=TagStatus.CONFIRMED,
        help_text="Suggested: an event the tagger made up from its rules (an aid announcement) "
        "that no curator has reviewed. Rejected events never show and are never re-created.",
    )
    origin = models.CharField(max_length=8, choices=TagOrigin, default=TagOrigin.TAGGER)
    attributes = models.JSONField(
        default=dict, blank=True,
        help_text="Gazetteer facts the detector uses: series, aliases, places.",
    )
    edited_by_curator = models.BooleanField(
        default=False, help_text="A curator changed this event; gazetteer reloads leave it alone."
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = [models.F("start_date").desc(nulls_last=True), "name"]
        indexes = [models.Index(fields=["kind", "start_date"], name="event_kind_start")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:event", kwargs={"slug": self.slug})

    @property
    def dates(self) -> str:
        """"9–11 July 2024", "5 November 2024", or "" when undated."""
        start, end = self.start_date, self.end_date or self.start_date
        if start is None:
            return ""
        if start == end:
            return f"{start:%-d %B %Y}"
        if (start.year, start.month) == (end.year, end.month):
            return f"{start:%-d}–{end:%-d %B %Y}"
        if start.year == end.year:
            return f"{start:%-d %B}–{end:%-d %B %Y}"
        return f"{start:%-d %B %Y}–{end:%-d %B %Y}"


class EventParticipant(models.Model):
    """Who or what an event involves, and how: the person a call is with, the country a visit
    goes to or comes from, the country attacked, an aid announcement's donor and recipient."""

    class Role(models.TextChoices):
        WITH = "with", "With"
        TO = "to", "To"
        FROM = "from", "From"
        IN = "in", "In"
        DONOR = "donor", "Donor"
        RECIPIENT = "recipient", "Recipient"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="event_roles")
    role = models.CharField(max_length=10, choices=Role)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "actor", "role"],
                                               name="eventparticipant_unique")]

    def __str__(self):
        return f"{self.event}: {self.get_role_display().lower()} {self.actor}"


class ArticleEvent(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="event_tags")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="article_tags")
    sentence = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=TagStatus, default=TagStatus.SUGGESTED)
    origin = models.CharField(max_length=8, choices=TagOrigin, default=TagOrigin.TAGGER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "event"], name="articleevent_unique")
        ]

    def __str__(self):
        return f"{self.event} in {self.article_id}"


class PolicyRun(models.Model):
    """One run of the confirmation policy (articles/policy.py): the suggested actor tags and
    amounts at or above a confidence it confirmed, as the policy's decision, not a person's;
    undone as one. ``confirmed`` counts both."""

    at = models.DateTimeField(default=timezone.now)
    threshold = models.FloatField()
    confirmed = models.PositiveIntegerField(default=0)
    measured_precision = models.FloatField(
        null=True, blank=True, help_text="What the labelled sets gave at this threshold.")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "policy run"

    def __str__(self):
        return f"Policy run {self.pk}: {self.confirmed} tags at ≥ {self.threshold:g}"


class AuditEntry(models.Model):
    """One curator decision: who, when, on what, the state before and after. Merges,
    rejections and other decisions can be undone from here (``articles.curation.undo``)."""

    class Action(models.TextChoices):
        CONFIRM = "confirm", "Confirmed"
        REJECT = "reject", "Rejected"
        RESET = "reset", "Returned to suggested"
        ADD = "add", "Added by hand"
        EDIT = "edit", "Corrected"
        DELETE = "delete", "Deleted"
        MERGE = "merge", "Merged"
        PROMOTE = "promote", "Promoted to an actor"
        REJECT_NAME = "reject_name", "Rejected everywhere"
        ALIAS_ADD = "alias_add", "Alias added"
        ALIAS_DELETE = "alias_delete", "Alias deleted"
        RETAG = "retag", "Retagged"
        UNDO = "undo", "Undone"
        POLICY = "policy", "Confirmed by the policy"
        SAMPLE = "sample", "Checked by sample"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150, help_text="Kept if the account is deleted.")
    action = models.CharField(max_length=12, choices=Action)
    target = models.CharField(max_length=20, help_text="What was decided on: an actor tag, "
                              "an amount, an event tag, an actor, an alias.")
    target_id = models.BigIntegerField(null=True, blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="audit_entries")
    actor = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="audit_entries")
    summary = models.CharField(max_length=500)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    undoes = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="undone_by")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit trail"
        indexes = [
            models.Index(fields=["article", "-at"], name="auditentry_article_at"),
            models.Index(fields=["actor", "-at"], name="auditentry_actor_at"),
            models.Index(fields=["target", "target_id"], name="auditentry_target"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username}: {self.summary}"


class AidRole(models.TextChoices):
    NEW = "new", "New package"
    REFERENCE = "reference", "Reference to a package"
    COMPONENT = "component", "Component of an announcement"
    COMBINED = "combined", "Combined announcement"
    TOTAL = "total", "Running total"
    REQUEST = "request", "Request to Congress"
    APPROPRIATION = "appropriation", "Appropriation"


# The roles whose figure is a package (or part of one) the ledger's sums may count.
PACKAGE_ROLES = (AidRole.NEW, AidRole.REFERENCE, AidRole.COMPONENT, AidRole.COMBINED)


class AidEntry(models.Model):
    """One mention of aid in one article (an *aid mention*): who gives what to whom, traced to
    the sentence that says so, and the role the sentence gives the figure. Reports of the same
    package, in one article or many, share an AidPackage; the ledger's sums count packages."""

    class Stage(models.TextChoices):
        PLEDGED = "pledged", "Pledged"
        ANNOUNCED = "announced", "Announced"
        DELIVERED = "delivered", "Delivered"

    class Kind(models.TextChoices):
        PACKAGE = "package", "Package"
        TOTAL = "total", "Running total"

    class Programme(models.TextChoices):
        PDA = "pda", "Presidential Drawdown Authority"
        USAI = "usai", "Ukraine Security Assistance Initiative"
        FMF = "fmf", "Foreign Military Financing"
        EPF = "epf", "European Peace Facility"
        FMS = "fms", "Foreign Military Sales"
        SUPPLEMENTAL = "supplemental", "Supplemental appropriation"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="aid_entries")
    donor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="aid_given")
    recipient = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="aid_received")
    amount = models.ForeignKey(Amount, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="aid_entries")
    value_usd = models.DecimalField(max_digits=24, decimal_places=2, null=True, blank=True,
                                    help_text="The amount in US dollars, kept if the amount goes.")
    amount_text = models.CharField(max_length=200, blank=True)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="aid_entries",
        help_text="The aid announcement this package is: the same package in many articles is "
        "one event, and the ledger's sums count it once.",
    )
    programme = models.CharField(max_length=20, choices=Programme, blank=True)
    equipment = models.ManyToManyField(Actor, blank=True, related_name="aid_equipment")
    date = models.DateField(null=True, blank=True, db_index=True)
    date_until = models.DateField(
        null=True, blank=True,
        help_text="The last day the date may be, when the text gives only a span (\"In "
        "December, ... I authorized $200 million\"): the date is its first. Empty for a day.")
    stage = models.CharField(max_length=10, choices=Stage, default=Stage.ANNOUNCED)
    kind = models.CharField(max_length=8, choices=Kind, default=Kind.PACKAGE)
    sentence = models.TextField(blank=True)
    start = models.PositiveIntegerField(default=0, help_text="Where the sentence starts in the body.")
    end = models.PositiveIntegerField(default=0)
    role = models.CharField(
        max_length=13, choices=AidRole, default=AidRole.NEW,
        help_text="What the sentence says of the figure: a new package, a reference to one "
        "announced before, a component or the sum (combined) of one announcement, a running "
        "total, a request to Congress or an appropriation.",
    )
    package = models.ForeignKey(
        "AidPackage", null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions",
        help_text="The package this mention reports (articles/packages.py joins the reports).",
    )
    part_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="parts",
        help_text="The figure of the same article this one is a part of (\"over $3 billion ..., "
        "including $2.85 billion\").")
    ordinal = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The package's number where the text gives it "
        "(\"our twenty-third drawdown\").")
    confidence = models.FloatField(
        null=True, blank=True,
        help_text="How sure the ledger is of donor and recipient, 0 to 1 "
                  "(articles/tagging/confidence.py, LEDGER_CUES).")
    reasons = models.JSONField(default=list, blank=True,
                               help_text="What found the donor and the recipient, for curators.")
    status = models.CharField(max_length=10, choices=TagStatus, default=TagStatus.SUGGESTED)
    origin = models.CharField(max_length=8, choices=TagOrigin, default=TagOrigin.TAGGER)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "-id"]
        verbose_name = "aid mention"
        verbose_name_plural = "aid mentions"
        indexes = [
            models.Index(fields=["donor", "recipient", "date"], name="aidentry_donor_recipient"),
            models.Index(fields=["article", "start"], name="aidentry_article_start"),
        ]

    def __str__(self):
        return f"{self.donor} → {self.recipient}: {self.amount_text or '?'} ({self.date})"

    @property
    def anchor(self) -> str:
        return f"aid-{self.pk}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"


class AidPackage(models.Model):
    """One package of aid as announced, however many articles report it: "$2.85 billion
    drawdown, 6 January 2023". A combined announcement ("$1 billion: $350 million under
    drawdown authority and $650 million under USAI") is a package whose components are
    packages too; the ledger's sums count each announcement once (``counted_usd``).

    The tagger rebuilds the suggested packages from the mentions after every import and
    re-tagging (articles/packages.py); a package a curator confirmed, rejected or edited
    keeps that decision and its values."""

    donor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="packages_given")
    recipient = models.ForeignKey(Actor, on_delete=models.PROTECT,
                                  related_name="packages_received")
    programme = models.CharField(max_length=20, choices=AidEntry.Programme, blank=True)
    ordinal = models.PositiveSmallIntegerField(null=True, blank=True)
    announced_on = models.DateField(db_index=True)
    announced_until = models.DateField(
        null=True, blank=True,
        help_text="The last day it may have been announced on, when its reports give only a "
        "span (a month): announced_on is the span's first day. Empty for a day.")
    value_usd = models.DecimalField(max_digits=24, decimal_places=2,
                                    help_text="The value its reports give (the most exact).")
    counted_usd = models.DecimalField(
        max_digits=24, decimal_places=2, default=0,
        help_text="What the ledger's sums count for it: its value, or for a combined "
        "announcement the sum of its components where they account for it; 0 for a component "
        "(its announcement counts it).")
    stage = models.CharField(max_length=10, choices=AidEntry.Stage,
                             default=AidEntry.Stage.ANNOUNCED)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="components",
                               help_text="The combined announcement this package is part of.")
    authority = models.BooleanField(
        default=False, help_text="Drawdown authority, not a package: a ceiling the packages "
        "announced later are drawn on, which count themselves; it counts 0.")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="packages")
    status = models.CharField(max_length=10, choices=TagStatus, default=TagStatus.SUGGESTED)
    edited_by_curator = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["-announced_on", "-id"]
        verbose_name = "aid package"
        indexes = [models.Index(fields=["donor", "recipient", "announced_on"],
                                name="aidpackage_parties_day")]

    def __str__(self):
        return f"{self.donor} → {self.recipient}: ${self.value_usd:,.0f} ({self.announced_on})"


class StatedTotal(models.Model):
    """A running total a text states ("bringing total U.S. military assistance to Ukraine to
    more than $7.32 billion since Russia launched its invasion"), with the scope its sentence
    gives, against which the ledger checks its own cumulative sum (articles/reconcile.py)."""

    class Scope(models.TextChoices):
        SINCE_INVASION = "since_invasion", "Since Russia's full-scale invasion (24 Feb 2022)"
        SINCE_ADMINISTRATION = "since_administration", "Since the administration took office"
        SINCE_YEAR = "since_year", "Since the start of a year"
        YEAR = "year", "Within one year"
        RECENT = "recent", "Within recent weeks"
        UNSCOPED = "unscoped", "No scope stated"

    mention = models.OneToOneField(AidEntry, on_delete=models.CASCADE, related_name="stated_total")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="stated_totals")
    donor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="+")
    value_usd = models.DecimalField(max_digits=24, decimal_places=2)
    qualifier = models.CharField(max_length=10, blank=True)
    as_of = models.DateField(db_index=True)
    scope = models.CharField(max_length=20, choices=Scope, default=Scope.UNSCOPED)
    since = models.DateField(null=True, blank=True, help_text="The day the scope counts from.")
    until = models.DateField(null=True, blank=True,
                             help_text="The day a past period ends (\"in 2021\"); else as_of.")
    programme = models.CharField(max_length=20, choices=AidEntry.Programme, blank=True,
                                 help_text="Blank: all security assistance; pda: drawdowns only.")

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = "stated total"

    def __str__(self):
        return f"{self.donor} → {self.recipient}: ${self.value_usd:,.0f} as of {self.as_of}"


class Feed(models.Model):
    """A newsroom's RSS or Atom feed the archive polls (articles/feeds.py): every item's page it
    has not captured yet is captured and imported."""

    url = models.URLField(max_length=1000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    interval = models.DurationField(default=timedelta(minutes=15),
                                    help_text="How often to poll it.")
    paused = models.BooleanField(default=False)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(default=timezone.now)
    last_status = models.CharField(max_length=100, blank=True,
                                   help_text="What the last poll found.")
    last_error = models.TextField(blank=True)
    failures = models.PositiveIntegerField(
        default=0, help_text="Polls failed in a row; each doubles the wait, up to a day.")
    captured = models.PositiveIntegerField(default=0, help_text="Pages captured from it.")

    class Meta:
        ordering = ["title", "url"]

    def __str__(self):
        return self.title or self.url
