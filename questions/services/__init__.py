"""Writes to the catalogue, one module per area: ``packs``, ``publishing``, ``history``,
``curators``. Import from the module that owns the write; nothing is re-exported here.
Reads that pages share live on the QuerySets in ``questions/models.py``.
"""
