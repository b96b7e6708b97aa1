"""What an alert says on each channel, and what the alerts' chat commands answer.

Like the chat's own texts (chat/formats.py), these are Vietnamese, written once: farmers reach the province's
OA, Page and number in Vietnamese. An SMS is one part (plain ASCII, 160 characters) so that the daily cap
counts alerts, not fragments; its link is the alert's short address, which leads to the whole alert.
"""
from django.utils import timezone
from django.utils.formats import date_format

from chat import formats as chat_formats
from chat import voting
from chat.messages import Button, Reply
from chat.sms import parts
from kb.models import Severity
from kb.share import short_url
from questions.sms import SMS_LIMIT, plain

SUBSCRIBE = "DK"
QUICK_REPLIES = 5  # Zalo shows five buttons under a message
PUSH_BODY = 180
SEVERITY_LABELS = {Severity.WATCH: "Theo dõi", Severity.WARNING: "Cảnh báo", Severity.EMERGENCY: "Khẩn cấp"}
STOP_HINT = "Nhắn HUY để ngừng nhận mọi tin."


def command_word(commodity):
    return plain(commodity.name).upper()


def choose_commodity(commodities):
    shown = commodities[:QUICK_REPLIES]
    return Reply("Bà con muốn nhận cảnh báo sâu bệnh, dịch bệnh, thời tiết cho cây, con gì? Chọn dưới đây, hoặc "
                 "nhắn DK, tên cây hoặc con, tên xã, phường. Ví dụ: DK LUA PHONG DIEN.",
                 buttons=[Button(c.name, f"{SUBSCRIBE} {command_word(c)}") for c in shown],
                 sms="Nhan DK, ten cay hoac con, ten xa de nhan canh bao. Vi du: DK LUA PHONG DIEN")


def ask_commune(commodities):
    what = " ".join(command_word(c) for c in commodities) or "LUA"
    return Reply(f"Bà con ở xã, phường nào? Nhắn DK {what} và tên xã, phường. Ví dụ: DK {what} PHONG DIEN.")


def _names(commodities):
    return ", ".join(c.name.lower() for c in commodities) or "mọi cây trồng, vật nuôi"


def subscribed(commune, commodities):
    return Reply(f"Đã đăng ký nhận cảnh báo về {_names(commodities)} ở {commune.name}. Nhắn DK để thêm cây, con "
                 f"khác. {STOP_HINT}")


def _label(alert):
    label = SEVERITY_LABELS.get(alert.severity, "Cảnh báo").upper()
    return f"CẬP NHẬT {label}" if alert.replaces_id else label


def until(alert):
    return date_format(timezone.localtime(alert.valid_until), "H:i d/m/Y")


def message(alert):
    """The alert for a chat (whole) and for SMS (one part: label, title, what to do, its short address)."""
    lines = [f"{_label(alert)}: {alert.title}", alert.situation, f"Việc cần làm ngay: {alert.action}"]
    if alert.phi_days is not None:
        lines.append(f"Cách ly {alert.phi_days} ngày trước thu hoạch.")
    lines += [f"{guide.title}: {short_url(guide)}" for guide in alert.visible_guides[:2]]
    lines.append(f"Hiệu lực đến {until(alert)}." + (f" Nguồn: {alert.source}." if alert.source else ""))
    lines += [f"Chi tiết: {short_url(alert)}", STOP_HINT]
    link = short_url(alert)
    head = parts(f"{_label(alert)}: {alert.title}. {alert.action}", limit=SMS_LIMIT - len(link) - 1, most=1)[0]
    # Vote buttons in a chat; the one-part SMS has no room for the keywords (the alert's page has the vote).
    return Reply("\n".join(lines), sms=f"{head} {link}", buttons=chat_formats.vote_buttons(voting.token("c", alert.pk)))


def push_payload(alert):
    """What the service worker shows: title, a short body, the page to open (kept for reading offline), and
    a tag shared by an alert and its updates so an update replaces the first on the phone."""
    body = f"{alert.situation} {alert.action}"
    if len(body) > PUSH_BODY:
        body = body[:PUSH_BODY - 1].rsplit(" ", 1)[0] + "…"
    root = alert
    while root.replaces_id:
        root = root.replaces
    return {"title": f"{_label(alert).capitalize()}: {alert.title}", "body": body, "url": alert.url,
            "tag": f"alert-{root.pk}"}


def zns_data(alert):
    """The parameters of the ZNS template registered for alerts (README "Alerts": title, action, link)."""
    return {"title": f"{_label(alert).capitalize()}: {alert.title}"[:100], "action": alert.action[:400],
            "link": short_url(alert)}
