"""respell: find machine-spun phrases in text and restore their canonical wording."""

__version__ = "0.1.0"
