"""TEMPORARY alias for learners/portal, removed at merge: the explicit model is now
`metacore.explicit_model.ExplicitModel`."""
from metacore.explicit_model import ExplicitModel as StudentModel  # noqa: F401
