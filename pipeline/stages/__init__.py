"""The DVC stages, one module each (``python -m pipeline.stages.<name>``; dvc.yaml).

Per-notice stages (ingest, segment, extract, tasks, classify) map a function over
notices through ``pipeline.engine``; corpus-wide stages (train, graph, trends, report,
evaluate) read the tables the others wrote. Shared machinery lives beside this
package: ``engine``, ``core``, ``readers``, ``extractors``, ``lexicons``.
"""
