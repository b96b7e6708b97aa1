"""What the chat says, channel by channel: the texts and the shapes of replies.

Farmers write to the province's OA, Page and number in Vietnamese, so replies are Vietnamese, written here
once (not through the site's translation catalogue: the chat has no language switch). Each reply has its
SMS form: plain ASCII, numbered choices instead of buttons, and what matters first, since at most three
SMS parts are sent.
"""
import html
import re

from django.utils.html import strip_tags

from chat import voting
from chat.messages import Button, Reply
from kb.share import short_url
from questions.notify import status_link
from questions.sms import plain

LINE_LIMIT = 140
SMS_TITLE_LIMIT = 45

# Commands a button sends back (and a farmer may type); SMS farmers type the numbers.
MORE, SHEET, ASK, STOP, YES, NO = "XEM THEM", "PHIEU", "HOI CAN BO", "HUY", "CO", "KHONG"
NOT_YET = "CHUA"  # "Chưa giúp được" (YES is "Có, giúp được" outside the consent question)
NUMBERED = {"1": MORE, "2": SHEET, "3": ASK}

WELCOME = Reply(
    "Chào bà con! Đây là Khuyến nông Huế. Nhắn câu hỏi về cây trồng, vật nuôi, thủy sản (ví dụ: “lúa bị "
    "đạo ôn”, “heo con tiêu chảy”), chúng tôi trả lời ngay bằng hướng dẫn kỹ thuật; cán bộ khuyến nông "
    "trả lời những câu khó. Nhắn HUY để ngừng nhận tin.")
EMPTY = Reply("Bà con nhắn câu hỏi bằng chữ (hoặc gửi ảnh cây, con bị bệnh) để được trả lời nhé.")
STOPPED = Reply("Đã ngừng gửi tin cho bà con. Nhắn bất kỳ câu hỏi nào để dùng lại.")
PHONE_SAVED = Reply("Đã lưu số điện thoại: khi cán bộ trả lời mà không nhắn được ở đây, chúng tôi sẽ báo "
                    "bằng SMS.")
CONSENT_THANKS = Reply("Cảm ơn bà con. Câu hỏi có thể được đăng công khai, không kèm tên và số điện thoại.")
CONSENT_REFUSED = Reply("Đã ghi nhận: câu hỏi của bà con sẽ không được đăng công khai.")
NO_SHEET = Reply("Chưa có phiếu kỹ thuật cho kết quả này. Nhắn câu hỏi khác, hoặc HOI CAN BO.")
NOTHING_MORE = Reply("Không còn kết quả nào khác. Nhắn HOI CAN BO để hỏi cán bộ khuyến nông.")
VOTE_THANKS = Reply("Cảm ơn bà con đã góp ý.")
VOTE_REPEATED = Reply("Đã ghi nhận.")
VOTE_GONE = Reply("Nội dung này không còn được đăng, nên không nhận góp ý. Bà con nhắn câu hỏi khác nhé.")
VOTE_ASK_LINE = Reply("Cảm ơn bà con. Còn thiếu gì? Bà con nhắn một dòng (không ghi tên, số điện thoại), cán bộ "
                      "khuyến nông sẽ đọc để viết thêm; hoặc nhắn câu hỏi khác.",
                      sms="Cam on ba con. Con thieu gi? Nhan 1 dong (khong ghi ten, so dien thoai).")
VOTE_LINE_KEPT = Reply("Đã ghi lại góp ý của bà con.")
VOTE_SMS_HINT = " Giup duoc? Nhan CO/CHUA"
ASK_WHAT = Reply("Bà con nhắn câu hỏi cho cán bộ khuyến nông: cây, con gì, dấu hiệu ra sao, từ bao giờ.")


def sms_of(reply):
    """The reply's SMS text: its own, else its text folded."""
    return reply.sms or plain(reply.text)


def useful_line(hit):
    """The step or answer that matched (the highlight, marks removed), else the summary; one short line."""
    text = html.unescape(strip_tags(hit.highlight or "")) or hit.summary
    text = " ".join(text.split())
    return text if len(text) <= LINE_LIMIT else text[:LINE_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _clip(text, limit):
    return text if len(text) <= limit else text[:limit - 3].rsplit(" ", 1)[0] + "..."


def vote_buttons(token):
    """"Có giúp được không?" as two buttons carrying what the message carried (chat.voting tokens)."""
    return [Button("Có, giúp được", f"{YES} {token}"), Button("Chưa giúp được", f"{NOT_YET} {token}")]


def with_vote(reply, token):
    """`reply` with the vote buttons after its own, and on SMS the keywords to type."""
    sms = reply.sms and reply.sms + VOTE_SMS_HINT
    return Reply(reply.text, buttons=[*reply.buttons, *vote_buttons(token)], sms=sms, sheet=reply.sheet)


def results(hits, numbered_from=1, more=True, sheet=True):
    """The best guides and answered questions: title, one useful line, short address; then the choices."""
    lines = [f"{n}. {hit.title}\n{useful_line(hit)}\n{short_url(hit.page_id)}"
             for n, hit in enumerate(hits, numbered_from)]
    buttons = ([Button("Xem thêm", MORE)] if more else []) + ([Button("Phiếu kỹ thuật", SHEET)] if sheet else []) \
        + [Button("Hỏi cán bộ", ASK)]
    sms_lines = [f"{n}) {_clip(plain(hit.title), SMS_TITLE_LIMIT)} {short_url(hit.page_id)}"
                 for n, hit in enumerate(hits[:2], numbered_from)]
    choices = [choice for choice in ("1 xem them" if more else "", "2 phieu ky thuat" if sheet else "", "3 hoi can bo")
               if choice]
    return Reply("\n\n".join(lines), buttons=buttons, sms=" ".join(sms_lines) + f" Nhan: {', '.join(choices)}")


def question_received(question, has_phone):
    place = f" ({question.commune})" if question.commune_id else ""
    text = f"Đã chuyển câu hỏi số {question.pk} tới cán bộ khuyến nông{place}. Cán bộ sẽ trả lời bà con tại đây."
    if not has_phone:
        text += " Bà con có thể nhắn số điện thoại để được báo bằng SMS khi có trả lời."
    return Reply(text, sms=f"Da chuyen cau hoi so {question.pk} toi can bo khuyen nong{plain(place)}. "
                           f"Can bo se tra loi qua SMS.")


def consent_request():
    return Reply("Bà con có đồng ý để câu hỏi và câu trả lời được đăng công khai cho người khác cùng xem "
                 "(không kèm tên, số điện thoại)?", buttons=[Button("Có", YES), Button("Không", NO)],
                 sms="Ban co dong y dang cong khai cau hoi va tra loi (khong ten, khong so dien thoai)? "
                     "Nhan CO hoac KHONG.")


def photo_added(question):
    return Reply(f"Đã thêm ảnh vào câu hỏi số {question.pk}.")


def photo_question(question):
    return Reply(f"Đã nhận ảnh: câu hỏi số {question.pk} đã chuyển tới cán bộ khuyến nông. Bà con nhắn thêm "
                 f"mô tả (cây, con gì, dấu hiệu, từ bao giờ) để cán bộ trả lời chính xác.")


def refused_photo(message):
    return Reply(str(message))


def details_added(question):
    return Reply(f"Đã thêm vào câu hỏi số {question.pk}. Cán bộ sẽ trả lời bà con tại đây.")


def sheet_caption(title, url=None):
    text = f"Phiếu kỹ thuật: {title}"
    return Reply(text + (f"\n{url}" if url else ""))


PAGE_LINK = re.compile(r'<a\b[^>]*\blinktype="page"[^>]*\bid="(\d+)"[^>]*>(.*?)</a>', re.S)
HREF_LINK = re.compile(r'<a\b[^>]*\bhref="([^"]+)"[^>]*>(.*?)</a>', re.S)


def plain_answer(rich_text):
    """An officer's rich-text answer as chat text: paragraphs and list items on their own lines, a link to a
    guide as its short address, other links as their address."""
    text = PAGE_LINK.sub(lambda m: f"{strip_tags(m.group(2))} ({short_url(int(m.group(1)))})", rich_text or "")
    text = HREF_LINK.sub(lambda m: f"{strip_tags(m.group(2))} ({m.group(1)})", text)
    text = re.sub(r"</(p|li|h\d)>|<br\s*/?>", "\n", text)
    text = re.sub(r"<li[^>]*>", "- ", text)
    lines = (" ".join(line.split()) for line in html.unescape(strip_tags(text)).splitlines())
    return "\n".join(line for line in lines if line)


def officer_answer(question):
    """The officer's answer, in the chat, with the private status page (which keeps it)."""
    link = status_link(question)
    answer = plain_answer(question.answer)
    sms_room = 3 * 160 - len(link) - 40 - len(VOTE_SMS_HINT)
    reply = Reply(f"Cán bộ khuyến nông trả lời câu hỏi số {question.pk}:\n{answer}\n\nXem lại: {link}",
                  sms=f"Tra loi cau hoi {question.pk}: {_clip(plain(' '.join(answer.split())), sms_room)} Xem: {link}")
    return with_vote(reply, voting.token("q", question.pk))


def officer_answer_sms(question):
    """What the fallback SMS says when the chat's window has closed."""
    return sms_of(officer_answer(question))
