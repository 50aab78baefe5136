"""Building blocks shared by the pages: the page and view classes, tables with downloads, a chart with its
table alternative, figures, layout pieces, and batching of a session's updates."""
