"""``claimreview``: schema.org ClaimReview JSON-LD, one review per sentence checked against a claim.

The format fact-checkers publish for search engines: ``claimReviewed`` (the sentence),
``reviewRating`` (1 contradicted, 2 unverified, 3 supported, with the verdict as ``alternateName``),
``itemReviewed`` (a ``Claim`` and where it appears), ``author`` and ``url`` of the review (from the
configuration's ``[tool.claimcheck.claimreview]``), and the source the verdict rests on
(``isBasedOn``: the article, its publisher, date and the verbatim quote).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..model import CONTRADICTED, SUPPORTED, UNVERIFIED
from ..text import json_safe
from .common import leading_reasons, squeeze_reason

_RATING = {CONTRADICTED: 1, UNVERIFIED: 2, SUPPORTED: 3}
_NAME = {CONTRADICTED: "Contradicted by the source", UNVERIFIED: "Unverified",
         SUPPORTED: "Supported by the source"}


def review(result, reviewer: dict | None = None, appearance: str | None = None) -> dict:
    """The ClaimReview of one result (``appearance``: where the sentence was published, if known)."""
    reviewer = reviewer or {}
    claim = result.claim
    out = {"@context": "https://schema.org", "@type": "ClaimReview"}
    if reviewer.get("url"):
        out["url"] = reviewer["url"]
    out["claimReviewed"] = result.text
    out["datePublished"] = dt.date.today().isoformat()
    author = {"@type": "Organization", "name": reviewer.get("author") or "claimcheck"}
    if reviewer.get("author_url"):
        author["url"] = reviewer["author_url"]
    out["author"] = author
    out["reviewRating"] = {"@type": "Rating", "ratingValue": _RATING[result.verdict], "bestRating": 3,
                           "worstRating": 1, "alternateName": _NAME[result.verdict]}
    item = {"@type": "Claim"}
    if appearance:
        item["appearance"] = {"@type": "CreativeWork", "url": appearance}
    out["itemReviewed"] = item
    out["reviewBody"] = "; ".join(squeeze_reason(r) for r in leading_reasons(result))
    if claim is not None:
        source = claim.source
        based = {"@type": "CreativeWork", "url": source.url, "headline": source.title,
                 "publisher": {"@type": "Organization", "name": source.publisher}, "datePublished": source.date,
                 "text": claim.quote}
        if source.authors:
            based["author"] = [{"@type": "Person", "name": a} for a in source.authors]
        out["isBasedOn"] = based
    return out


def _appearance(path: str, reviewer: dict) -> str:
    base = (reviewer or {}).get("appearance_base")
    if base:
        return base.rstrip("/") + "/" + path.replace("\\", "/").lstrip("./")
    return Path(path).absolute().as_uri()


def write_check(results, stream, reviewer=None) -> None:
    reviews = [review(r, reviewer) for r in results if r.claim is not None]
    stream.write(json_safe(json.dumps(reviews, indent=2, ensure_ascii=False)) + "\n")
    stream.flush()


def write_lint(report, stream) -> None:
    reviews = [review(f.result, report.reviewer, _appearance(f.path, report.reviewer or {}))
               for f in report.findings if f.result.claim is not None]
    stream.write(json_safe(json.dumps(reviews, indent=2, ensure_ascii=False)) + "\n")
    stream.flush()
