"""Where the data shipped with the project lives: the checkout's folder, else the installed package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_directory(folder: str, package: str) -> Path:
    """``folder`` at the top of a source checkout (or editable install), else the wheel's ``package``."""
    checkout = Path(__file__).resolve().parents[1] / folder
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files(package)))
