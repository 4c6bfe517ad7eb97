"""metacore: meta-learning for knowledge tracing on plain arrays.

Never imports Django: it takes numpy arrays (see `metacore.data.Dataset`) and returns arrays,
so a Celery worker, a notebook and a test can all use it.
"""
__version__ = "0.1.0"
