"""bilateral: a sourced record of how two countries relate, from multilingual news."""

__version__ = "0.1.0"
