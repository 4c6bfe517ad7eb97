"""python -m metacore.plan_eval: see `metacore.lab.plan_eval.cli`."""
from metacore.lab.plan_eval.cli import main

if __name__ == "__main__":
    main()
