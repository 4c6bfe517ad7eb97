"""`python -m metacore.plan_eval` is `python -m metacore.lab.plan_eval` (the lab's plan evaluation); importing this
package imports nothing of the lab."""
