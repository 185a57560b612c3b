"""Errors a user can cause by giving the loader bad input."""


class LoaderError(Exception):
    """A file cannot be read as an agreement; the message is one line for the user."""
