"""Handing the rendered tree to MkDocs and writing the site: the plugin, the page and site caches, the search
index, the output guard and the one writer that stages and swaps."""
