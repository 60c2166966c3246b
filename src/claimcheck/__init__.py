"""claimcheck: check a sentence's figures against a curated table of sourced statistics.

    >>> from claimcheck import check
    >>> check("Mexico deported about 80,000 people in 2017").verdict
    'supported'
"""

__version__ = "0.2.0"
__all__ = ["check", "load_table", "__version__"]


def __getattr__(name):  # lazy: `import claimcheck` stays cheap for the CLI
    if name == "check":
        from .verdict import check
        return check
    if name == "load_table":
        from .index import load_table
        return load_table
    raise AttributeError(f"module 'claimcheck' has no attribute {name!r}")
