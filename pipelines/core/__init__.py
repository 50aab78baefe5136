"""Facts every room shares: settings and paths, periods, vocabulary, reference codes, published tables.
Pure: no I/O beyond reading the dbt seeds, and no imports from any other room."""
