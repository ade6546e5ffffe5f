"""The one error the loaders raise: a folder or file that is not the hybridfog output it should be."""


class OutputError(Exception):
    """A folder is not a hybridfog output, or one of its files breaks the contract of docs/outputs.md.

    The message names the folder or file and says what is wrong, so that a person can act on it.
    """
