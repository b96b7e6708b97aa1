"""Who hears about a question, and what they are told: the district's officers by email (a new question,
a question waiting more than 48 hours), the farmer by SMS (received, answered). Run by Celery tasks.
"""
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kb.models import Officer
from questions.models import PHONE_RETENTION_DAYS, Channel, FarmerQuestion
from questions.sms import send_sms

logger = logging.getLogger(__name__)


def officer_emails(question):
    """The assigned officer and the officers who answer for the question's commune; without them, the
    officers of its former district; then the province's officers (no district); failing those, every officer."""
    officers = Officer.objects.exclude(email="")
    chosen = officers.filter(communes=question.commune).distinct() if question.commune_id else officers.none()
    district = officers.filter(district=question.district) if question.district_id else officers.none()
    for fallback in (district, officers.filter(district__isnull=True), officers):
        if chosen.exists():
            break
        chosen = fallback
    emails = set(chosen.values_list("email", flat=True))
    if question.assigned_to_id and question.assigned_to.email:
        emails.add(question.assigned_to.email)
    return sorted(emails)


def admin_url(question):
    return settings.SITE_URL + reverse("wagtailsnippets_questions_farmerquestion:edit", args=[question.pk])


def status_link(question):
    return settings.SITE_URL + reverse("question-status", kwargs={"token": question.token})


def _email(question, subject):
    recipients = officer_emails(question)
    if not recipients:
        logger.warning("question %s: no officer has an email address", question.pk)
        return 0
    details = [question.text, "",
               _("Nông sản: %(value)s") % {"value": question.commodity or "—"},
               _("Địa bàn: %(value)s") % {"value": question.commune or question.district or "—"},
               _("Gửi qua: %(value)s") % {"value": question.get_channel_display()},
               _("Ảnh: %(value)s") % {"value": _("có") if question.photo else _("không")},
               _("Gọi lại: %(value)s") % {"value": _("có số điện thoại") if question.phone else _("không")},
               "", _("Trả lời tại: %(url)s") % {"url": admin_url(question)}]
    return send_mail(" ".join(subject.split()), "\n".join(str(line) for line in details), None, recipients)


def notify_new_question(question_id):
    question = FarmerQuestion.objects.select_related("commodity", "commune", "district", "assigned_to").get(
        pk=question_id)
    with override("vi"):
        _email(question, _("[Hỏi cán bộ] Câu hỏi mới: %(text)s") % {"text": question.short_text})
    if question.phone and question.channel == Channel.WEB:  # a chat tells the farmer in the chat itself
        send_sms(question.phone, received_sms(question))


def received_sms(question):
    return f"Khuyen nong Hue da nhan cau hoi cua ban. Xem tra loi tai: {status_link(question)}"


def answered_sms(question):
    return f"Khuyen nong Hue: can bo da tra loi cau hoi cua ban. Xem tai: {status_link(question)}"


def send_answer(question_id):
    """Tell the farmer the answer is there, once."""
    question = FarmerQuestion.objects.get(pk=question_id)
    if question.answer_to_send:
        send_sms(question.phone, answered_sms(question))
        FarmerQuestion.objects.filter(pk=question_id).update(answer_sent_at=timezone.now())


def remind_late(now=None):
    """Email the officers once about each question waiting more than 48 hours; returns how many."""
    late = FarmerQuestion.objects.late(now).filter(reminded_at__isnull=True).select_related(
        "commodity", "district", "assigned_to")
    count = 0
    with override("vi"):
        for question in late:
            hours = int(((now or timezone.now()) - question.created_at).total_seconds() // 3600)
            _email(question, _("[Hỏi cán bộ] Chờ %(hours)s giờ chưa trả lời: %(text)s")
                   % {"hours": hours, "text": question.short_text})
            FarmerQuestion.objects.filter(pk=question.pk).update(reminded_at=timezone.now())
            count += 1
    return count


def purge_phones(now=None):
    """Erase the phone numbers of questions closed more than PHONE_RETENTION_DAYS ago; returns how many.
    The rows stay, so the report's counts do not change."""
    cutoff = (now or timezone.now()) - timedelta(days=PHONE_RETENTION_DAYS)
    return FarmerQuestion.objects.filter(closed_at__lte=cutoff).exclude(phone="").update(phone="")


