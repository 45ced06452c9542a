"""csr-analyzer: analysis and scoring of corporate social responsibility (CSR / ESG) reports."""

from analyzer.document import Block, Document, Page
from analyzer.extract import extract, extract_guarded

__version__ = "0.1.0"
__all__ = ["Block", "Document", "Page", "extract", "extract_guarded", "__version__"]
