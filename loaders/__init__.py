"""Loaders: agreement files → what they say (:class:`~.model.Extraction`) → RDF.

The modules follow the data path: :mod:`.read` → :mod:`.normalize` → :mod:`.segment` →
:mod:`.entities` → :mod:`.agreement` → :mod:`.commitments` → :mod:`.rdf`.
"""

from accordgraph.loaders.errors import LoaderError
from accordgraph.loaders.extract import extract, extract_bytes, extract_file
from accordgraph.loaders.model import Extraction

__all__ = ["Extraction", "LoaderError", "extract", "extract_bytes", "extract_file"]
