from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        """Answers cached under the visible stamp are dropped by the writes that make them wrong, and a page
        hidden is left out of every search until the worker has removed its document."""
        from search import hidden
        from search.dependencies import HIDING, RESTAMPING
        from search.stamp import bump_now_and_on_commit

        for signal, sender in RESTAMPING:
            label = sender._meta.label if sender else "any"
            signal.connect(bump_now_and_on_commit, sender=sender, weak=False,
                           dispatch_uid=f"search.stamp:{id(signal)}:{label}")
        for dependency in HIDING:
            for signal in dependency.signals:
                signal.connect(hidden.receiver(dependency), sender=dependency.sender, weak=False,
                               dispatch_uid=f"search.hidden:{dependency.name}:{id(signal)}")
