"""The one exception the exporter raises for bad input."""


class ExportError(Exception):
    """Bad input to the exporter (a model without exits, a missing dataset, ...).

    The message says what is wrong and what to do about it; the command-line tools print it and exit
    with status 2.
    """
