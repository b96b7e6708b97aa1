"""Admin widgets the project configures for Wagtail (settings.WAGTAILADMIN_RICH_TEXT_EDITORS)."""
import json

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.admin.rich_text import DraftailRichTextArea


class LabelledDraftailRichTextArea(DraftailRichTextArea):
    """Wagtail's rich text editor, its text box named by the field's label (`<label id="id_answer-label">`):
    Draftail's own has no accessible name, which screen readers announce as a nameless text box and axe-core
    counts as a serious violation (aria-input-field-name)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = {**self.options, "ariaLabelledBy": f"{context['widget']['attrs']['id']}-label"}
        context["widget"]["attrs"]["data-w-init-detail-value"] = json.dumps(options, cls=DjangoJSONEncoder)
        return context
