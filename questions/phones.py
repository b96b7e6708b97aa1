"""Vietnamese phone numbers as farmers type them, in one national form ("0905123456").

"0905 123 456", "0905.123.456", "+84 905123456", "84-905-123-456" are all the same mobile number; a
landline has one digit more ("0234 3822 111"). Only the national form is stored, so officers can tap
to call and the SMS gateway gets one spelling.
"""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SEPARATORS = re.compile(r"[\s.\-()]")
NATIONAL = re.compile(r"0[1-9]\d{8,9}")


def normalise_phone(value):
    """The national form of `value`, or ValidationError; an empty value stays empty."""
    digits = SEPARATORS.sub("", value or "")
    if not digits:
        return ""
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not NATIONAL.fullmatch(digits):
        raise ValidationError(_("Số điện thoại chưa đúng. Ví dụ: 0905 123 456 hoặc +84 905 123 456."),
                              code="phone")
    return digits


def grouped_phone(phone):
    """The national form read out in groups, as an officer dials it: "0905 123 456", "0234 3822 111"."""
    if len(phone) == 10:
        return f"{phone[:4]} {phone[4:7]} {phone[7:]}"
    if len(phone) == 11:
        return f"{phone[:4]} {phone[4:8]} {phone[8:]}"
    return phone
