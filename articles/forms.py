"""Forms that parse query parameters, so views get clean values or a clear 400."""

from django import forms


class ArticleListForm(forms.Form):
    # Long enough for any pasted headline; a cap keeps a single request's parse cheap.
    q = forms.CharField(required=False, max_length=500, strip=True)
    page = forms.IntegerField(required=False, min_value=1)

    def clean_page(self):
        # An absent page means the first; a present but empty one is a broken link.
        if self.cleaned_data["page"] is None and "page" in self.data:
            raise forms.ValidationError("Enter a whole number of 1 or more.")
        return self.cleaned_data["page"]

    def error_lines(self) -> list[str]:
        """One "parameter: message" line per problem, for the 400 page."""
        return [
            f"{name}: {message}" for name, messages in self.errors.items() for message in messages
        ]
