"""schema.org data for search engines (JSON-LD): a brief's (Report) and the data set's (Dataset)."""

from __future__ import annotations

import json

from markupsafe import Markup

from tradebriefs.core.countries import country_name
from tradebriefs.core.routes import DATA_INDEX, DATASET, absolute_url, brief_page
from tradebriefs.core.text import safe_url
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.models import Brief
from tradebriefs.render.views.citations import brief_sources
from tradebriefs.render.views.site import Site


def json_ld(data: dict) -> Markup:
    """schema.org data for search engines, safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(
        '<script type="application/ld+json">'
        + text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        + "</script>"
    )


def brief_json_ld(brief: Brief, cat: Catalog, site: Site, modified: str = "") -> dict:
    """schema.org Report; `modified`: the ISO date of the last revision of a figure it shows, if any."""
    return {
        **({"dateModified": modified} if modified else {}),
        "@context": "https://schema.org",
        "@type": "Report",
        "headline": brief.title,
        "description": " ".join(brief.summary.split()),
        "datePublished": brief.date.isoformat(),
        "url": absolute_url(site.base, brief_page(brief.slug)),
        "keywords": list(brief.tags),
        "publisher": {"@type": "Organization", "name": site.name},
        "about": [{"@type": "Country", "name": country_name(c)} for c in brief.pair],
        "citation": [
            {
                "@type": "CreativeWork",
                "name": cat.sources[s].title,
                "publisher": cat.sources[s].publisher,
                **({"url": safe_url(cat.sources[s].url)} if cat.sources[s].url else {}),
            }
            for s in brief_sources(brief, cat)
        ],
    }


def dataset_json_ld(site: Site, n_figures: int) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{site.name}: trade figures",
        "description": f"{n_figures} trade figures exactly as their sources printed them, with derived figures "
        "and the consistency checks they passed.",
        "url": absolute_url(site.base, DATA_INDEX),
        "creator": {"@type": "Organization", "name": site.name},
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": fmt,
                "contentUrl": absolute_url(site.base, path),
            }
            for fmt, path in (("text/csv", DATASET["csv"]), ("application/json", DATASET["json"]))
        ],
    }
