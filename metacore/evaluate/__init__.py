"""`python -m metacore.evaluate` is `python -m metacore.lab.evaluate` (the lab's evaluation); importing this package
imports nothing of the lab."""
