"""Settings, each overridable by an environment variable ``CSR_ANALYZER_<NAME>``."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ExtractLimits(BaseSettings):
    """Guards that keep one pathological file from hanging or exhausting a batch or a server."""

    model_config = SettingsConfigDict(env_prefix="CSR_ANALYZER_", frozen=True)

    max_file_mb: float = Field(200.0, gt=0, description="largest report file accepted, in MB")
    timeout_s: float = Field(600.0, gt=0, description="time limit for extracting one file, in seconds")
    memory_mb: float = Field(4096.0, gt=0, description="address-space cap of the extraction process, in MB")
    max_unzipped_mb: float = Field(
        500.0, gt=0, description="largest total uncompressed size of a .docx's parts, in MB"
    )
    max_zip_ratio: float = Field(
        200.0, gt=1, description="largest compression ratio of one .docx part before it counts as a zip bomb"
    )
