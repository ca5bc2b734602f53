"""budgetkg graph side: records → RDF, the store, SPARQL query/serve, export, and the CLI. ``from graph import connect`` opens the
graph for Python (pandas DataFrames; see ``graph/api.py``)."""


def __getattr__(name: str):
    # imported on use, so the command line does not load pandas to start
    if name in ("connect", "BudgetGraph"):
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
