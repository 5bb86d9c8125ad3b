"""Views: what each page shows, built from the checked facts as typed values. Pure: facts in, views out.

A view holds text (escaped by the templates), numbers already formatted by numbers.py, and link targets
named by route (`Target`); it never holds Markdown or HTML, except a brief's body, which markup.py has
rendered and cleaned. Each page kind is one view function and one template in templates/.

The modules, each importing only modules above it in this list. Import a name from its own module: this
package re-exports nothing.

- `site.py`: `Site`, the site-wide settings read from the MkDocs configuration, and the front matter of
  pages with wide tables.
- `values.py`: a value as every page prints it (a figure's, a derived figure's, a value of a revision, a
  date) and where it lives: its row on its pair's data page.
- `disagreements.py`: the note beside a figure kept as its source stated it although the source's own
  figures disagree, on a brief and on the data pages.
- `rows.py`: the rows and blocks several pages share: key figures, ranks, derived figures, revisions,
  charts, quotes, sources.
- `citations.py`: the {{id}} citations in a brief's body resolved (`cite`), the body rendered and cleaned
  (`brief_body`), and what a brief shows and cites.
- `jsonld.py`: schema.org data for search engines (JSON-LD): a brief's, the data set's.
- `brief.py`: a brief's page (`brief_view`).
- `pair.py`: a pair's profile (`pair_view`) and the headline figures it leads with.
- `home.py`: the home page (`home_view`), the country pairs (`pairs_index_view`), the sources
  (`sources_view`).
- `data.py`: the data overview and one data page per pair (`data_views`).
- `checks.py`: the checks overview and one checks page per pair (`checks_views`).
"""
