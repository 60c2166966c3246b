"""claimcheck.metadata: bibliographic metadata read from a news page's HTML.

Realistic pages check every field's exact value and which source wins when sources disagree;
hostile inputs check that nothing raises, work stays bounded and every value is a clean string
within the caps.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from hypothesis import given, settings, strategies as st

from claimcheck.metadata import (MAX_AUTHORS, MAX_DOCUMENT, MAX_JSONLD, MAX_VALUE, PageMetadata,
                                 page_metadata)

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def assert_well_formed(meta) -> None:
    """A PageMetadata of clean one-line strings within the caps."""
    assert type(meta) is PageMetadata
    assert type(meta.authors) is tuple and len(meta.authors) <= MAX_AUTHORS
    for value in (meta.publisher, meta.title, meta.date, meta.url, meta.description, *meta.authors):
        assert type(value) is str and len(value) <= MAX_VALUE
        assert not _CONTROL.search(value) and value == value.strip()
    assert all(meta.authors)
    assert meta.date == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.date)


def ld(*objects) -> str:
    return "".join(f'<script type="application/ld+json">{json.dumps(o)}</script>' for o in objects)


# ---------------------------------------------------------------------------- realistic pages

NEWS_SITE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Deportations fell 20% in 2017, data show | The Daily Ledger</title>
<meta name="description" content="Short meta description.">
<meta property="og:site_name" content="The Daily Ledger">
<meta property="og:type" content="article">
<meta property="og:title" content="Deportations fell 20% in 2017, data show">
<meta property="og:description" content="Mexico&#8217;s migration agency deported 80,353 people last year.">
<meta property="og:url" content="https://www.dailyledger.com/2018/04/05/deportations-fell">
<meta property="article:published_time" content="2018-04-05T10:00:00-05:00">
<meta property="article:author" content="https://www.facebook.com/janedoe">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://www.dailyledger.com/2018/04/05/deportations-fell">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Deportations fell 20% in 2017, data show",
 "datePublished": "2018-04-05T10:00:00-05:00", "dateModified": "2018-04-06T08:00:00-05:00",
 "author": {"@type": "Person", "name": "Jane Doe", "url": "https://www.dailyledger.com/by/jane-doe"},
 "publisher": {"@type": "NewsMediaOrganization", "name": "The Daily Ledger",
               "logo": {"@type": "ImageObject", "url": "https://www.dailyledger.com/logo.png"}},
 "mainEntityOfPage": {"@type": "WebPage", "@id": "https://www.dailyledger.com/2018/04/05/deportations-fell"},
 "image": ["https://www.dailyledger.com/img/1.jpg"]}
</script>
</head><body>
<svg><title>Menu icon</title></svg>
<article><h1>Deportations fell 20% in 2017, data show</h1>
<time datetime="2018-04-05T10:00:00-05:00">April 5, 2018</time><p>Text.</p></article>
</body></html>"""


def test_news_site_with_jsonld_and_opengraph():
    meta = page_metadata(NEWS_SITE, "https://www.dailyledger.com/2018/04/05/deportations-fell?utm_source=x")
    assert meta == PageMetadata(
        publisher="The Daily Ledger",
        title="Deportations fell 20% in 2017, data show",
        authors=("Jane Doe",),
        date="2018-04-05",
        url="https://www.dailyledger.com/2018/04/05/deportations-fell",
        description="Mexico\u2019s migration agency deported 80,353 people last year.",
    )


SPANISH_DAILY = """<!doctype html><html lang="es"><head>
<meta charset="utf-8">
<title>El INM deport&oacute; a 80.353 personas en 2017 | EL PA&Iacute;S M&eacute;xico</title>
<meta property="og:site_name" content="EL PA&Iacute;S">
<meta property="og:title" content="El INM deport&oacute; a 80.353 personas en 2017">
<meta property="og:description" content="  La cifra,   seg&uacute;n datos oficiales,
   es menor que la de 2016.  ">
<meta property="og:url" content="https://elpais.com/internacional/2018/04/05/mexico/1522900000_123456.html">
<meta property="article:published_time" content="2018-04-05T12:30:00+02:00">
<meta name="author" content="Por Elena Reina">
<meta name="description" content="Otra descripci&oacute;n.">
</head><body><p>Texto.</p></body></html>"""


def test_spanish_daily_with_only_opengraph_and_meta_author():
    meta = page_metadata(SPANISH_DAILY, "https://elpais.com/internacional/2018/04/05/mexico/1522900000_123456.html")
    assert meta == PageMetadata(
        publisher="EL PAÍS",
        title="El INM deportó a 80.353 personas en 2017",
        authors=("Elena Reina",),
        date="2018-04-05",
        url="https://elpais.com/internacional/2018/04/05/mexico/1522900000_123456.html",
        description="La cifra, según datos oficiales, es menor que la de 2016.",
    )


GRAPH_PAGE = """<html><head><title>Budget vote delayed again - Riverside Courier</title>
<script type="application/ld+json" class="yoast-schema-graph">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "@id": "https://riversidecourier.org/#website", "url": "https://riversidecourier.org/",
   "name": "Riverside Courier", "publisher": {"@id": "https://riversidecourier.org/#organization"}},
  {"@type": ["WebPage", "ItemPage"], "@id": "https://riversidecourier.org/2021/03/02/budget-vote/",
   "url": "https://riversidecourier.org/2021/03/02/budget-vote/",
   "name": "Budget vote delayed again - Riverside Courier", "datePublished": "2021-03-03T01:00:00+00:00",
   "description": "The council postponed the vote for the third time."},
  {"@type": "Article", "@id": "https://riversidecourier.org/2021/03/02/budget-vote/#article",
   "isPartOf": {"@id": "https://riversidecourier.org/2021/03/02/budget-vote/"},
   "author": [{"@id": "https://riversidecourier.org/#/schema/person/ab12"}],
   "headline": "Budget vote delayed again", "datePublished": "2021-03-02T18:45:00-06:00",
   "mainEntityOfPage": {"@id": "https://riversidecourier.org/2021/03/02/budget-vote/"},
   "publisher": {"@id": "https://riversidecourier.org/#organization"}},
  {"@type": "Organization", "@id": "https://riversidecourier.org/#organization", "name": "Riverside Courier Media"},
  {"@type": "Person", "@id": "https://riversidecourier.org/#/schema/person/ab12", "name": "Sam O&#8217;Neil"}
]}
</script></head><body></body></html>"""


def test_jsonld_graph_with_references():
    meta = page_metadata(GRAPH_PAGE)
    assert meta == PageMetadata(
        publisher="Riverside Courier Media",
        title="Budget vote delayed again",
        authors=("Sam O\u2019Neil",),
        date="2021-03-02",  # the Article's own date, as written (not converted to UTC)
        url="https://riversidecourier.org/2021/03/02/budget-vote/",
        description="The council postponed the vote for the third time.",
    )


TITLE_AND_CANONICAL = """<html><head>
<title>
  City council passes   budget | Springfield Herald
</title>
<link rel="stylesheet" href="/main.css">
<link rel="canonical" href="/news/2019/council-budget">
</head><body><p>No metadata here.</p></body></html>"""


def test_page_with_only_title_and_canonical():
    meta = page_metadata(TITLE_AND_CANONICAL, "https://www.springfieldherald.com/news/2019/council-budget?ref=home")
    # nothing names the publisher, so the host stands in; the title's suffix differs from it and stays
    assert meta == PageMetadata(
        publisher="springfieldherald.com",
        title="City council passes budget | Springfield Herald",
        authors=(),
        date="",
        url="https://www.springfieldherald.com/news/2019/council-budget",
        description="",
    )


def test_title_suffix_is_cut_when_it_names_the_publisher():
    html = ('<title>Budget passes \u2013 springfield herald</title>'
            '<meta property="og:site_name" content="Springfield Herald">')
    assert page_metadata(html).title == "Budget passes"
    assert page_metadata("<title>Springfield Herald</title>"
                         '<meta property="og:site_name" content="Springfield Herald">').title == "Springfield Herald"


def test_svg_titles_are_not_the_page_title():
    html = '<html><body><svg><title>Close menu</title></svg><h1>Story</h1></body></html>'
    assert page_metadata(html).title == ""


def test_author_list():
    page = ld({"@type": "ReportageNewsArticle", "headline": "Three reporters",
               "author": [{"@type": "Person", "name": "By Ana Gómez"}, "Luis Ortega",
                          {"@type": "Person", "givenName": "Mia", "familyName": "Chen"},
                          {"name": "ana gómez"}, {"name": "  "}, "", "https://example.org/staff/luis",
                          {"@type": "Organization", "name": "Staff"}, 42, None]})
    meta = page_metadata(page, "https://news.example.org/a")
    assert meta == PageMetadata("news.example.org", "Three reporters",
                                ("Ana Gómez", "Luis Ortega", "Mia Chen", "Staff"), "",
                                "https://news.example.org/a", "")


def test_meta_authors_come_from_the_first_key_that_names_someone():
    html = ('<meta property="article:author" content="https://facebook.com/someone">'
            '<meta name="parsely-author" content="By: Kim Lee"><meta name="parsely-author" content="Kim Lee">'
            '<meta name="parsely-author" content="Ravi Rao"><meta name="dc.creator" content="K. Lee">'
            '<meta name="citation_author" content="Lee, Kim">')
    assert page_metadata(html).authors == ("Kim Lee", "Ravi Rao")


# every source names every field differently; layers are removed from the top one at a time
LAYER_JSONLD = ld({"@type": "BlogPosting", "headline": "LD title", "datePublished": "2001-01-01",
                   "author": "LD Author", "publisher": {"name": "LD Publisher"},
                   "url": "https://ld.example/post", "description": "LD description"})
LAYER_OG = ('<meta property="og:site_name" content="OG Publisher"><meta property="og:title" content="OG title">'
            '<meta property="article:published_time" content="2002-02-02T00:00:00Z">'
            '<meta property="og:url" content="https://og.example/post">'
            '<meta property="og:description" content="OG description">')
LAYER_META = ('<meta name="twitter:title" content="Twitter title"><meta name="sailthru.author" content="Meta Author">'
              '<meta name="pubdate" content="March 3, 2003"><meta name="description" content="Meta description">')
LAYER_PAGE = ('<title>Page title</title><link rel="canonical" href="https://canonical.example/post">'
              '<time datetime="2004-04-04">April 4</time>')
URL = "https://www.argument.example/post"


@pytest.mark.parametrize("layers, expected", [
    ([LAYER_JSONLD, LAYER_OG, LAYER_META, LAYER_PAGE],
     PageMetadata("LD Publisher", "LD title", ("LD Author",), "2001-01-01", "https://ld.example/post",
                  "OG description")),  # description: meta first, JSON-LD only as a last resort
    ([LAYER_OG, LAYER_META, LAYER_PAGE],
     PageMetadata("OG Publisher", "OG title", ("Meta Author",), "2002-02-02", "https://og.example/post",
                  "OG description")),
    ([LAYER_META, LAYER_PAGE],
     PageMetadata("canonical.example", "Twitter title", ("Meta Author",), "2003-03-03",
                  "https://canonical.example/post", "Meta description")),
    ([LAYER_PAGE],
     PageMetadata("canonical.example", "Page title", (), "2004-04-04", "https://canonical.example/post", "")),
    ([], PageMetadata("argument.example", "", (), "", URL, "")),
])
def test_precedence_of_conflicting_sources(layers, expected):
    # the layers are written in reverse, so precedence never depends on document order
    assert page_metadata("<html><head>" + "".join(reversed(layers)) + "</head></html>", URL) == expected


def test_jsonld_description_is_the_last_fallback():
    assert page_metadata(LAYER_JSONLD).description == "LD description"


def test_jsonld_in_a_list_articles_before_pages_and_type_lists():
    page = ld([{"@type": "BreadcrumbList", "name": "Crumbs"},
               {"@type": "WebPage", "name": "Page name", "datePublished": "2020-01-01", "url": "https://e.example/p"},
               {"@type": ["Thing", "AnalysisNewsArticle"], "name": "Article name",
                "dateCreated": "2020-02-02", "mainEntityOfPage": "https://e.example/article"}])
    meta = page_metadata(page)
    assert (meta.title, meta.date, meta.url, meta.publisher) == \
        ("Article name", "2020-02-02", "https://e.example/article", "e.example")


def test_broken_jsonld_falls_back_and_tolerant_jsonld_is_read():
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    assert page_metadata(broken + '<meta property="og:title" content="OG">').title == "OG"
    tolerant = ('<script type="application/ld+json"><!--\n{"@type": "NewsArticle",\n'
                '"headline": "Line\none &amp; two",}\n--></script>')
    assert page_metadata(tolerant).title == "Line one & two"


@pytest.mark.parametrize("written, iso", [
    ("2018-04-05", "2018-04-05"),
    ("2018-04-05T10:00:00-05:00", "2018-04-05"),
    ("2018-04-05T23:30:00Z", "2018-04-05"),
    ("April 5, 2018", "2018-04-05"),
    ("Thursday, Apr. 5th, 2018", "2018-04-05"),
    ("Thu, 05 Apr 2018 10:00:00 GMT", "2018-04-05"),
    ("5 de abril de 2018", "2018-04-05"),
    ("jueves, 5 de septiembre del 2018", "2018-09-05"),
    ("25/04/2018", "2018-04-25"),
    ("04/25/2018", "2018-04-25"),
    ("05/04/2018", ""),  # day/month or month/day: ambiguous
    ("2018-02-30", ""),
    ("0000-00-00", ""),
    ("yesterday", ""),
    ("", ""),
])
def test_dates(written, iso):
    assert page_metadata(f'<meta name="date" content="{written}">').date == iso


def test_a_less_than_sign_that_opens_no_markup_is_text():
    assert page_metadata("<title>1 < 2 <3 <</title>").title == "1 < 2 <3 <"
    assert page_metadata(ld({"@type": "Article", "headline": "a<b &lt;c"})).title == "a<b <c"
    assert page_metadata('<meta property="og:title" content="x<1">').title == "x<1"


def test_values_are_decoded_collapsed_and_capped():
    html = ('<meta property="og:title" content="A &amp; B\t\n  C\x00\x07\x85 D\x9fE &#x93;F&#x94;">'
            f'<meta property="og:description" content="{"word " * 1000}">')
    meta = page_metadata(html)
    assert meta.title == "A & B C DE \u201cF\u201d"  # C1 character references read as cp1252, like HTML5
    assert meta.description == ("word " * 200)[:MAX_VALUE].rstrip()  # cut at 1,000, then stripped


# ---------------------------------------------------------------------------- hostile inputs

HOSTILE = {
    "marked section": "<![0",
    "marked section cdata": "<![CDATA[ <title>x",
    "bare lt": "<",
    "unclosed tags": "<html><head><title>Unclosed<meta property='og:title' content='x",
    "unclosed comment": "<!-- <title>hidden</title>",
    "broken jsonld": '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", ',
    "jsonld not an object": ld(1) + ld("text") + ld(None) + ld([[]]) + ld({"@type": 7, "author": {"name": 3}}),
    "jsonld lone surrogate": '<script type="application/ld+json">{"@type": "Article", "headline": "a\\ud800b"}</script>',
    "jsonld huge number": '<script type="application/ld+json">{"@type": "Article", "headline": ' + "9" * 5000 + "}</script>",
    "nul bytes": "\x00<title>\x00a\x00</title>\x00<meta name=author content='\x00'>",
    "control characters": "".join(map(chr, range(0x20))) + "".join(map(chr, range(0x7F, 0xA0))),
    "only whitespace": " \t\n\r\x0b\x0c",
    "lone surrogate in the page": "<title>\ud800x\udfff</title><meta name=author content='\udc80'>",
    "entities": "<title>&#0;&#x110000;&#xD800;&#99999999999;&bogus;&</title>",
    "empty": "",
}


@pytest.mark.parametrize("html", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_inputs_never_raise(html):
    for url in (None, "", "not a url", "http://[::1", "javascript:alert(1)", "https://www.ok.example/x"):
        assert_well_formed(page_metadata(html, url))


def test_unknown_marked_section_does_not_end_the_parse():
    assert page_metadata("<![0]><title>After</title>").title == "After"


def test_lone_surrogates_and_nul_bytes_are_removed():
    assert page_metadata(HOSTILE["jsonld lone surrogate"]).title == "ab"
    assert page_metadata(HOSTILE["nul bytes"]).title == "a"


def test_not_a_string():
    assert page_metadata(None) == PageMetadata("", "", (), "", "", "")  # type: ignore[arg-type]
    assert page_metadata(b"<title>Bytes \xc3\xa9</title>").title == "Bytes é"  # type: ignore[arg-type]


def test_jsonld_nested_thousands_of_levels_deep():
    deep_list = '<script type="application/ld+json">' + "[" * 200_000 + "]" * 200_000 + "</script>"
    deep_object = ld(json.loads('{"a": ' * 900 + '{"@type": "NewsArticle"}' + "}" * 900))
    deep_graph = ld({"@type": "NewsArticle", "headline": "Top", "author": json.loads("[" * 900 + '"X"' + "]" * 900)})
    for html, title in ((deep_list, "Still read"), (deep_object, "Still read"), (deep_graph, "Top")):
        meta = page_metadata(html + '<meta property="og:title" content="Still read">')
        assert_well_formed(meta)
        assert meta.title == title


def test_huge_attribute_values_are_capped():
    html = f'<meta property="og:title" content="{"x" * 1_500_000}"><meta name="author" content="{"y" * 400_000}">'
    meta = page_metadata(html)
    assert_well_formed(meta)
    assert meta.title == "x" * MAX_VALUE and meta.authors == ("y" * MAX_VALUE,)


def test_many_authors_are_capped():
    meta = page_metadata(ld({"@type": "Article", "author": [f"Author {i}" for i in range(500)]}))
    assert meta.authors == tuple(f"Author {i}" for i in range(MAX_AUTHORS))


def test_only_the_first_mb_of_the_document_and_of_each_jsonld_block_is_read():
    late = "<p>" + "x" * MAX_DOCUMENT + '</p><meta property="og:title" content="Too late">'
    assert page_metadata(late).title == ""
    big = ld({"@type": "Article", "headline": "Too big", "padding": "p" * MAX_JSONLD})
    assert page_metadata(big + '<meta property="og:title" content="OG">').title == "OG"


@pytest.mark.parametrize("html", [
    "<!--" * 500_000,  # an unterminated construct at the end: flushing it is quadratic in html.parser
    "<a" * 1_000_000,
    "<![x" * 500_000,
    "< " * 1_000_000,
    '<meta name="author" content="A">' * 60_000,
    ld({"@type": "Article", "author": [{"@id": str(i)} for i in range(40_000)]}),
], ids=["comments", "open tags", "marked sections", "stray lt", "many metas", "many references"])
def test_bounded_work(html):
    start = time.perf_counter()
    assert_well_formed(page_metadata(html, "https://example.org/"))
    assert time.perf_counter() - start < 10


HTMLISH = "<>!/[]-=\"' abcdefghijklmnopqrstuvwxyz0123456789{}:@"


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.text(alphabet=HTMLISH, max_size=400), st.one_of(st.none(), st.text(alphabet=HTMLISH, max_size=40)))
def test_fuzzed_htmlish_text(html, url):
    assert_well_formed(page_metadata(html, url))


FRAGMENTS = ['<script type="application/ld+json">', "</script>", "<title>", "</title>", "<meta ",
             'property="og:title" ', 'name="author" ', "content=", "<![", "<!--", "-->", "<svg>",
             '{"@type": "NewsArticle", ', '"headline": ', '"author": [', '"@graph": [', "]", "}",
             '<link rel="canonical" href=', "<time datetime=", "&amp;", "&#x", "\x00", "\x85"]


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=HTMLISH, max_size=8)), max_size=40))
def test_fuzzed_html_fragments(parts):
    assert_well_formed(page_metadata("".join(parts), "https://www.example.org/a"))
