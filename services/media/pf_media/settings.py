"""Settings of the media service: environment prefix ``PF_MEDIA_``, then ``PF_``."""

from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, SecretStr

from pf_common.settings import ServiceSettings, service_config

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # DOMAIN §5.2: 1..20,971,520


class Settings(ServiceSettings):
    model_config = service_config("media")
    service_name: ClassVar[str] = "media"

    # Uploads go straight to the media service on the local adapter: room for 20 MiB.
    request_body_limit_bytes: int = MAX_UPLOAD_BYTES + 64 * 1024

    # Blob store: "local" (files under .pf/blobs, served by this service) or "gcs".
    blob_backend: Literal["local", "gcs"] = "local"
    bucket: str = "packfinderz-media"
    # Local adapter: where the files live, and the HMAC key of its signed URLs
    # (unset => a dev key generated once under keys_dir/media_blob_hmac.key).
    blobs_dir: Path | None = None
    blob_signing_key: SecretStr | None = None
    # Absolute base of the URLs handed to clients (the gateway on `make up`).
    public_base_url: str = "http://localhost:8080"
    # GCS adapter: the CDN-readable base of public kinds (default: storage.googleapis.com/<bucket>),
    # and an endpoint override for fake-gcs-server / tests.
    gcs_public_base_url: str | None = None
    gcs_endpoint: str | None = None
    gcs_project: str | None = None

    # Signed URL lifetimes (NFR: PF_GCS_UPLOAD_URL_EXPIRY / PF_GCS_DOWNLOAD_URL_EXPIRY), seconds.
    upload_url_expiry_s: int = Field(default=1200, ge=30, le=7 * 24 * 3600)
    download_url_expiry_s: int = Field(default=900, ge=30, le=7 * 24 * 3600)

    # Lifecycle (DOMAIN §5.2, NFR retention)
    delete_grace_s: int = Field(default=60, ge=0)
    pending_retention_days: int = Field(default=7, ge=1)

    # Processing (NFR: images max 1920x1080 quality 80)
    image_max_width: int = 1920
    image_max_height: int = 1080
    image_quality: int = Field(default=80, ge=1, le=100)
    thumbnail_size: int = 320
    max_image_pixels: int = 50_000_000  # decompression-bomb guard
    ocr_engine: Literal["auto", "rapidocr", "tesseract", "none"] = "auto"
    video_processing: bool = True
