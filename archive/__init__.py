"""The archive database and its publication.

* ``python -m archive.build --data-dir DIR [--workers N] [--out PATH] [--base PATH] [--full]`` --
  parse what is new in the raw archive (parse cache: ``DIR/parsed/<parser version>/``) and
  bring ``DIR/archive.db`` (full) and ``DIR/stats.db`` (compact statistics) up to date,
  rewriting only the reports that changed (the only SQLite writer; atomic replace;
  unchanged input leaves the files untouched).
* ``python -m archive.serve --data-dir DIR --port P`` -- Datasette 0.65.5, immutable,
  metadata from the cell registry, Chinese search, archived copies at ``/-/blob/<sha256>``.
* ``python -m archive.metadata [--out metadata.yml]`` -- the Datasette metadata alone.

Modules (DATA_DIR itself is read with the top-level ``rawarchive``): ``parsing`` (workers + cache),
``assemble`` (documents -> reports, source choice), ``crosschecks`` (spec checks 5, 6),
``runs`` (crawl_runs rows), ``report_rows`` / ``document_rows`` (rows of a report, of
the archive-wide tables), ``dbwrite`` (the shared statements), ``increment`` (the nightly
increment), ``compact`` (the statistics database), ``ddl`` / ``schema`` / ``wide_tables``
(tables from the registry), ``search`` (CJK
spacing for FTS5), ``divisions`` (province from a division code), ``metadata``,
``compact_metadata``,
``serve``, and ``datasette_plugins/`` (loaded with ``--plugins-dir``).
"""
