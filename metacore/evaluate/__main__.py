"""python -m metacore.evaluate: see `metacore.lab.evaluate`."""
import sys

from metacore.lab.evaluate import main

if __name__ == "__main__":
    sys.exit(main())
