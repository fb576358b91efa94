"""Forms that parse query parameters, so views get clean values or a clear 400."""

from django import forms

FACETS = ("person", "country", "organization", "equipment", "event", "source", "year")


class ParameterForm(forms.Form):
    def error_lines(self) -> list[str]:
        """One "parameter: message" line per problem, for the 400 page."""
        return [
            f"{name}: {message}" for name, messages in self.errors.items() for message in messages
        ]


class ActorIndexForm(ParameterForm):
    """/people/, /countries/ ...: a name to look for. A CharField refuses a NUL character,
    which PostgreSQL cannot take in a query."""

    q = forms.CharField(required=False, strip=True)


class ArticleListForm(ParameterForm):
    # Long enough for any pasted headline; a cap keeps a single request's parse cheap.
    q = forms.CharField(required=False, max_length=500, strip=True)
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)
    sort = forms.ChoiceField(required=False, choices=[
        ("relevance", "Relevance"), ("newest", "Newest"), ("oldest", "Oldest"),
        ("amount", "Largest amount"),
    ])
    format = forms.ChoiceField(required=False, choices=[
        ("html", "HTML"), ("json", "JSON"), ("csv", "CSV"), ("atom", "Atom"), ("warc", "WARC"),
    ])
    more = forms.MultipleChoiceField(required=False, choices=[(f, f) for f in FACETS],
                                     widget=forms.MultipleHiddenInput)

    def clean_page(self):
        # An absent page means the first; a present but empty one is a broken link.
        if self.cleaned_data["page"] is None and "page" in self.data:
            raise forms.ValidationError("Enter a whole number of 1 or more.")
        return self.cleaned_data["page"] or 1

    def clean(self):
        data = super().clean()
        if data.get("sort") == "relevance" and not data.get("q"):
            self.add_error("sort", "relevance needs a query (q).")
        return data

    @property
    def sort_order(self) -> str:
        return self.cleaned_data.get("sort") or ("relevance" if self.cleaned_data.get("q") else "newest")
