"""TEMPORARY alias for learners/portal, removed at merge: the scores are in `metacore.scoring`."""
from metacore.scoring import auc  # noqa: F401
