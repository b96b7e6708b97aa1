"""Votes: yesterday's digests and their key dropped soon after midnight, even on a day nobody votes (a vote
drops them too), so no vote can be tied to a visitor past its own day; and the "Chưa" lines past their
retention."""
from feedback.votes import forget_past_days
from tasks.celery import task


@task()
def forget_vote_digests():
    forget_past_days()
