"""Models of the knowledge base: snippets (taxonomies, records), pages (the guide tree) and the substance list
(defined in kb.substances, below the pages that check against it)."""
from kb.models.alerts import AlertIndexPage, AlertPage, Hazard, Severity  # noqa: F401
from kb.models.answers import QuestionAnswerPage, QuestionIndexPage  # noqa: F401
from kb.models.pages import (  # noqa: F401
    MONTH_CHOICES,
    GuidePage,
    GuidePageTag,
    HomePage,
    SectorIndexPage,
)
from kb.models.places import Commune  # noqa: F401
from kb.models.problems import Problem  # noqa: F401
from kb.models.snippets import Commodity, Officer, Region, Sector, Technology  # noqa: F401
from kb.models.visibility import visible_pages  # noqa: F401
from kb.substances import Listing, Substance  # noqa: F401
