"""``python -m respell``: the ``respell`` console script, for an environment whose scripts directory is not on
PATH (a pipeline's interpreter, a notebook's ``!python -m respell``)."""

from .cli import entry

if __name__ == "__main__":
    entry()
