"""Site-wide settings, read once from the MkDocs configuration, and the front matter of wide pages."""

from __future__ import annotations

from dataclasses import dataclass

from tradebriefs.facts.checks import MIRROR_BAND_PERCENT

# Material front matter: wide tables get the whole width (no nav or table-of-contents sidebars).
WIDE = {"hide": ["navigation", "toc"]}


@dataclass(frozen=True)
class Site:
    """Site-wide settings, read once from the MkDocs configuration."""

    name: str = (
        ""  # mkdocs.yml's site_name (plugin.site_settings): the site's name is written only there
    )
    url: str | None = None  # the published address, ending in '/'; None: links stay site-relative
    description: str = ""
    language: str = "en"
    prefix: str = (
        ""  # the edition's folder ('ru/'), '' at the root: where a site-relative address starts
    )
    # The CIF/FOB margin a mirror check calls usual, in percent (mkdocs.yml: plugins: tradebriefs: mirror_band).
    mirror_band: tuple = MIRROR_BAND_PERCENT

    @property
    def base(self) -> str:
        return self.url or "/" + self.prefix
