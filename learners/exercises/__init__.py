"""Practice exercises: the project's own generators (one module per area of school mathematics), their
independent verification, figures drawn as SVG, and the bank they fill.

Importing this package registers every generator (`problem.GENERATORS`) and every independent computation
(`independent.SOLVERS`).
"""
from importlib import import_module

AREAS = ("number", "ratio", "geometry", "data_analysis", "algebra")

for _area in AREAS:
    import_module(f"learners.exercises.{_area}")
    import_module(f"learners.exercises.independent.{_area}")
