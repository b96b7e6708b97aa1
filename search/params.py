"""The search parameters the page and the JSON API accept, validated in one place.

One pydantic schema serves both: ninja documents it in the OpenAPI description, and the page validates
the same query string with it, so a parameter means the same thing everywhere.
"""
import re
from typing import Literal

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, ValidationError, create_model, field_validator

from search.filters import FILTERS, NAMES
from search.types import SearchParams

# A farmer's message (a Zalo message is up to 2,000 characters) is answered whole; what reaches the engine
# is capped by the understanding (search.understanding.MAX_QUERY_WORDS), not by refusing the farmer.
MAX_QUERY = 2000
MAX_PAGE_SIZE = 50
# Engines refuse to page beyond 10,000 hits: the deepest page anyone can ask for stays under it.
MAX_PAGE = 10_000 // MAX_PAGE_SIZE
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


class _Query(Schema):
    q: str = Field("", max_length=MAX_QUERY, description="Words to find, with or without diacritics: a few "
                   "keywords, a question or a whole message (at most 2,000 characters).")
    sort: Literal["relevance", "newest"] = "relevance"
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(10, ge=1, le=MAX_PAGE_SIZE)
    facets: bool = Field(True, description="Count the facets; false answers sooner without them (a message "
                         "is always answered without them).")

    @field_validator("q", mode="before")
    @classmethod
    def clean_query(cls, value):
        """Control and invisible characters never reach the engine; blank means no query."""
        return " ".join(CONTROL.sub(" ", value or "").split()) if isinstance(value, str) else value

    @field_validator(*NAMES, mode="before", check_fields=False)
    @classmethod
    def blank_is_none(cls, value):
        return None if value == "" else value

    def to_params(self, locale):
        return SearchParams(**self.model_dump(), locale=locale)


# The parameters of the page and the API: the query's own, and one per filter as `search.filters` declares it.
SearchQuery = create_model("SearchQuery", __base__=_Query, __module__=__name__,
                           **{f.name: (f.type | None, Field(None, **f.constraints)) for f in FILTERS})


class BadParameter(ValueError):
    """A parameter that cannot be used; `name` is what the 400 answer names."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, message


def _grouped(number):
    """A count with its thousands grouped as the page's language writes them: 2.000, 2,000."""
    text = f"{number:,}"
    return text if get_language() == "en" else text.replace(",", ".")


def too_long(limit, length):
    """What a farmer reads when the message is over the limit: the limit, and what to do."""
    return _("tối đa %(limit)s ký tự, tin nhắn này có %(length)s: hãy rút gọn, giữ lại con vật, cây trồng và "
             "những gì bạn thấy") % {"limit": _grouped(limit), "length": _grouped(length)}


def first_error(errors, data):
    """The first of pydantic's (or ninja's) error dicts as (parameter name, message), `data` the parameters
    as sent. An error's `loc` may hold wrappers ("query", the argument name) before the parameter: the
    parameter is its last string."""
    error = errors[0] if errors else {}
    names = [part for part in error.get("loc", ()) if isinstance(part, str)]
    name = names[-1] if names else "query"
    if error.get("type") == "string_too_long" and isinstance(data.get(name), str):
        return name, too_long(error.get("ctx", {}).get("max_length", MAX_QUERY), len(data[name]))
    return name, error.get("msg", "invalid value")


def parse(data) -> SearchQuery:
    """Validate a query string (a QueryDict or a dict) into a SearchQuery, or raise BadParameter."""
    fields = {name: data.get(name) for name in SearchQuery.model_fields if data.get(name) is not None}
    try:
        return SearchQuery.model_validate(fields)
    except ValidationError as exc:
        raise BadParameter(*first_error(exc.errors(), data)) from None
