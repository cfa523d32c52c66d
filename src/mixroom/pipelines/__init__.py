"""Batch work: importers that stream a file, map each row and write it to the store.

``importers/`` holds one small class per input format (see ``importers.registry``);
``runner.run_import`` drives one of them over a file and returns an ``ImportReport``.
Pipelines take a session and never commit: the edge that calls them owns the transaction.
"""
