"""Models of the knowledge base: snippets (taxonomies, records) and pages (the guide tree)."""
from kb.models.answers import QuestionAnswerPage, QuestionIndexPage  # noqa: F401
from kb.models.pages import (  # noqa: F401
    MONTH_CHOICES,
    GuidePage,
    GuidePageTag,
    HomePage,
    SectorIndexPage,
)
from kb.models.problems import Problem  # noqa: F401
from kb.models.snippets import Commodity, Officer, Region, Sector, Technology  # noqa: F401
from kb.models.substances import Substance  # noqa: F401
from kb.models.visibility import visible_pages  # noqa: F401
