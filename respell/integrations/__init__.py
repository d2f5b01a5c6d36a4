"""Adapters that run respell inside corpus pipelines: ``respell.integrations.datatrove`` and
``respell.integrations.dask``, each behind its own extra so that ``pip install respell`` pulls neither.

They are thin: every one calls ``respell.batch`` (one engine per process, ``fix_text``, ``metadata``).
"""
