"""Checked facts in, {source path: content} out: views, templates, Markdown, charts, cards, downloads, feeds.
No MkDocs here: publish hands the tree to it."""
