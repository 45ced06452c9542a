"""Where the data shipped with the project lives (the checkout's folder, else the installed package), and
reading its YAML files."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


def data_directory(folder: str, package: str) -> Path:
    """``folder`` at the top of a source checkout (or editable install), else the wheel's ``package``."""
    checkout = Path(__file__).resolve().parents[1] / folder
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files(package)))


def read_yaml(file: Path) -> Any:
    """A YAML file's data, parsed safely; with libyaml about seven times faster than in Python (the rubrics:
    0.09 s against 0.64 s), with the same result. Raises ``yaml.YAMLError`` and the reading errors."""
    return yaml.load(file.read_text(encoding="utf-8"), Loader=_LOADER)
