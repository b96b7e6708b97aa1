"""Scheduled publishing and expiry run as a Celery task on a real worker."""
from datetime import timedelta

import pytest
from django.utils import timezone

from kb.importer import import_lines
from kb.models import GuidePage
from tasks.scheduling import publish_scheduled
from tests.helpers import wait_for

LINE = ('{"slug": "%s", "title": "Trồng sắn", "summary": "Trồng sắn trên đất đồi.", "sector": "crop", '
        '"commodities": ["Sắn"], "body": [{"type": "step", "title": "Làm đất", "text": "Cày sâu."}]}')


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_scheduled_guide_goes_live_and_expired_one_goes_down(client, celery_worker):
    assert import_lines([LINE % "len-lich", LINE % "het-han"], publish=False).ok
    scheduled = GuidePage.objects.get(slug="len-lich")
    go_live = timezone.now() + timedelta(seconds=1)
    scheduled.go_live_at = go_live
    scheduled.save_revision().publish()
    assert not GuidePage.objects.get(slug="len-lich").live, "a future go-live time keeps the guide scheduled"
    expiring = GuidePage.objects.get(slug="het-han")
    expiring.save_revision().publish()
    GuidePage.objects.filter(pk=expiring.pk).update(expire_at=timezone.now() - timedelta(minutes=1))

    wait_for(lambda: timezone.now() > go_live)
    publish_scheduled.delay()

    wait_for(lambda: GuidePage.objects.get(slug="len-lich").live and not GuidePage.objects.get(slug="het-han").live)
    expired = GuidePage.objects.get(slug="het-han")
    assert expired.expired
    assert client.get(expired.url or "/trong-trot/het-han/").status_code == 404
