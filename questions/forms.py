"""The farmer's form: short, forgiving about how a phone number is typed, strict about what it keeps."""
from django import forms
from django.utils.translation import gettext_lazy as _

from kb.models import Commodity, Commune, GuidePage, visible_pages
from questions.models import TEXT_MAX, TEXT_MIN, FarmerQuestion
from questions.phones import normalise_phone
from questions.photos import ACCEPT, clean_photo

HONEYPOT = "website"


class AskForm(forms.ModelForm):
    text = forms.CharField(
        label=_("Câu hỏi của bạn"), min_length=TEXT_MIN, max_length=TEXT_MAX, strip=True,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX}),
        help_text=_("Tả rõ cây, con gì, dấu hiệu ra sao, từ bao giờ (10–2.000 ký tự)."),
        error_messages={
            "required": _("Bạn chưa viết câu hỏi."),
            "min_length": _("Câu hỏi quá ngắn: viết ít nhất %(limit_value)d ký tự."),
            "max_length": _("Câu hỏi quá dài: tối đa %(limit_value)d ký tự (bạn viết %(show_value)d)."),
        },
    )
    commodity = forms.ModelChoiceField(Commodity.objects.none(), required=False, label=_("Cây trồng, vật nuôi"),
                                       empty_label=_("— Không rõ —"))
    commune = forms.ModelChoiceField(Commune.objects.all(), required=False, label=_("Xã, phường"),
                                     empty_label=_("— Không rõ —"),
                                     help_text=_("Xã, phường từ 1/7/2025; cán bộ phụ trách nơi đó sẽ trả lời."))
    photo = forms.FileField(required=False, label=_("Ảnh (không bắt buộc)"),
                            help_text=_("Ảnh JPEG, PNG hoặc HEIC, tối đa 8 MB."),
                            widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
    phone = forms.CharField(required=False, max_length=20, label=_("Số điện thoại (không bắt buộc)"),
                            help_text=_("Chỉ để cán bộ gọi lại; không bao giờ hiện công khai."),
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}))
    consent = forms.BooleanField(required=False, label=_(
        "Tôi đồng ý để câu hỏi và câu trả lời được đăng công khai, không kèm tên và số điện thoại."))
    # A field people never see (hidden by the stylesheet); bots that fill every field are refused.
    website = forms.CharField(required=False, label=_("Để trống ô này"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
    source_page = forms.IntegerField(required=False, widget=forms.HiddenInput)
    source_query = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    class Meta:
        model = FarmerQuestion
        fields = ["text", "commodity", "commune", "photo", "phone", "consent", "source_query"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the guides a farmer may see are about: a commodity of unpublished or expired guides
        # alone would say they exist. Built per form, as the visibility rule must be (kb.models.visibility).
        self.fields["commodity"].queryset = Commodity.objects.filter(
            pk__in=GuidePage.objects.visible().values("commodities"))

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return clean_photo(upload) if upload else None

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone"))

    def clean_website(self):
        if self.cleaned_data.get(HONEYPOT):
            raise forms.ValidationError(_("Không gửi được: ô “Để trống ô này” phải để trống."), code="honeypot")
        return ""

    def clean_source_page(self):
        page_id = self.cleaned_data.get("source_page")
        return visible_pages().filter(pk=page_id).first() if page_id else None

    def source_guide(self):
        """The page the farmer came from, while a farmer may see it: the form says which guide the question
        is about (the id is the one sent back with the form, else the one in the address)."""
        page_id = str(self.data.get("source_page") or self.initial.get("source_page") or "")
        page = visible_pages().filter(pk=page_id).first() if page_id.isdigit() else None
        return page.specific if page else None

    def save(self, commit=True):
        self.instance.source_page = self.cleaned_data.get("source_page")
        return super().save(commit)
