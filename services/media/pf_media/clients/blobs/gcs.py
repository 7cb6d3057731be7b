"""The Cloud Storage blob store (production; tested against fake-gcs-server).

google-cloud-storage is synchronous: every call runs in a worker thread. Errors of the
library, of google-auth and of the HTTP layer become ``BlobError``; a missing object is
``None`` (head), ``False`` (delete) or ``FileNotFoundError`` (read).

Signed URLs are V4. An upload URL binds the Content-Type and the exact size
(``x-goog-content-length-range: N,N``): the client must send both headers, which
``SignedUpload.headers`` lists. Signing needs a private key: in production the default
credentials either hold one (a service-account key) or, on GKE/Cloud Run, sign through the
IAM ``signBlob`` API (service account e-mail + access token). Against an emulator
(``settings.gcs_endpoint``) a throwaway service-account key is generated per process.

GCS publishes the bucket notifications itself (Pub/Sub), so this adapter has no notifier.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from pf_common.iosafety import check_io
from pf_media.clients.blobs.base import BlobError, BlobInfo, SignedUpload
from pf_media.clients.blobs.local import attachment_disposition, normalize_content_type

if TYPE_CHECKING:
    from google.auth.credentials import Credentials
    from google.cloud.storage import Blob, Bucket, Client

    from pf_media.settings import Settings

T = TypeVar("T")

GCS_ENDPOINT = "https://storage.googleapis.com"


def throwaway_signing_credentials(project: str = "pf-local") -> Credentials:
    """A service-account credential with a freshly generated RSA key: it signs V4 URLs that an
    emulator accepts (it does not check them) and that nothing real would."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from google.oauth2 import service_account

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return service_account.Credentials.from_service_account_info(
        {
            "type": "service_account",
            "project_id": project,
            "private_key_id": "pf-local-throwaway",
            "private_key": pem,
            "client_email": f"pf-media-signer@{project}.iam.gserviceaccount.com",
            "client_id": "0",
            "token_uri": "https://oauth2.googleapis.com/token",
        }
    )


def _library_errors() -> tuple[type[BaseException], ...]:
    import requests
    from google.api_core import exceptions as api_exceptions
    from google.auth import exceptions as auth_exceptions
    from google.resumable_media import common as media_common

    return (
        api_exceptions.GoogleAPIError,
        auth_exceptions.GoogleAuthError,
        media_common.InvalidResponse,
        requests.RequestException,
        OSError,
    )


class GcsBlobStore:
    """``BlobStore`` on one GCS bucket."""

    def __init__(
        self,
        client: Client,
        *,
        bucket: str,
        public_base_url: str | None = None,
        signing_credentials: Credentials | None = None,
        api_access_endpoint: str | None = None,
    ) -> None:
        self.bucket = bucket
        self.client = client
        self._bucket: Bucket = client.bucket(bucket)
        self._public_base = (public_base_url or f"{GCS_ENDPOINT}/{bucket}").rstrip("/")
        self._signing_credentials = signing_credentials
        self._api_access_endpoint = api_access_endpoint
        self._errors = _library_errors()

    @classmethod
    def from_settings(cls, settings: Settings) -> GcsBlobStore:
        from google.cloud import storage

        if settings.gcs_endpoint:
            from google.auth.credentials import AnonymousCredentials

            endpoint = settings.gcs_endpoint.rstrip("/")
            project = settings.gcs_project or "pf-local"
            client = storage.Client(
                project=project,
                credentials=AnonymousCredentials(),
                client_options={"api_endpoint": endpoint},
            )
            return cls(
                client,
                bucket=settings.bucket,
                public_base_url=settings.gcs_public_base_url or f"{endpoint}/{settings.bucket}",
                signing_credentials=throwaway_signing_credentials(project),
                api_access_endpoint=endpoint,
            )
        return cls(
            storage.Client(project=settings.gcs_project),
            bucket=settings.bucket,
            public_base_url=settings.gcs_public_base_url,
        )

    # --- signed URLs ---------------------------------------------------------------------------

    async def signed_upload(
        self, key: str, *, content_type: str, size_bytes: int, expires_s: int
    ) -> SignedUpload:
        ct = normalize_content_type(content_type)
        if not ct:
            raise ValueError("content_type is required")
        if size_bytes < 0:
            raise ValueError("size_bytes must be non-negative")
        # Exact size, and create-only (generation 0 = "must not exist"): a signed URL cannot
        # replace an object after it landed and was processed (e.g. a verified license).
        signed_headers = {
            "x-goog-content-length-range": f"{size_bytes},{size_bytes}",
            "x-goog-if-generation-match": "0",
        }
        headers = {"Content-Type": ct, **signed_headers}
        expires_at = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=expires_s)
        url = await self._sign(
            key, method="PUT", expiration=expires_at, content_type=ct, headers=signed_headers
        )
        return SignedUpload(url=url, headers=headers, expires_at=expires_at)

    async def signed_read(self, key: str, *, expires_s: int, download_name: str | None = None) -> str:
        kwargs: dict[str, Any] = {}
        if download_name:
            kwargs["response_disposition"] = attachment_disposition(download_name)
        return await self._sign(key, method="GET", expiration=timedelta(seconds=expires_s), **kwargs)

    def public_url(self, key: str) -> str:
        from urllib.parse import quote

        return f"{self._public_base}/{quote(key, safe='/~')}"

    async def _sign(self, key: str, **kwargs: Any) -> str:
        return await self._call(self._sign_sync, key, kwargs)

    def _sign_sync(self, key: str, kwargs: dict[str, Any]) -> str:
        blob = self._bucket.blob(key)
        signing: dict[str, Any] = {"version": "v4", **kwargs}
        if self._api_access_endpoint:
            signing["api_access_endpoint"] = self._api_access_endpoint
        credentials = self._signing_credentials
        if credentials is None:
            credentials = self.client._credentials
            if not _can_sign(credentials):
                # GKE / Cloud Run metadata credentials: sign through IAM signBlob (a network call;
                # this runs in a thread, whose context is the caller's copy)
                _check_io("sign (IAM signBlob)", self.bucket, key)
                import google.auth.transport.requests

                if not credentials.valid:
                    credentials.refresh(google.auth.transport.requests.Request())
                signing["service_account_email"] = credentials.service_account_email
                signing["access_token"] = credentials.token
        signing["credentials"] = credentials
        return str(blob.generate_signed_url(**signing))

    # --- objects -------------------------------------------------------------------------------

    async def head(self, key: str) -> BlobInfo | None:
        _check_io("head", self.bucket, key)
        blob = await self._call(self._bucket.get_blob, key)
        return None if blob is None else _info(blob)

    async def read(self, key: str) -> bytes:
        from google.api_core.exceptions import NotFound

        _check_io("read", self.bucket, key)
        try:
            return await self._call(self._bucket.blob(key).download_as_bytes)
        except BlobError as exc:
            if isinstance(exc.__cause__, NotFound):
                raise FileNotFoundError(f"no object {key!r}") from exc.__cause__
            raise

    async def write(self, key: str, data: bytes, content_type: str) -> BlobInfo:
        _check_io("write", self.bucket, key)

        def upload() -> BlobInfo:
            blob = self._bucket.blob(key)
            blob.upload_from_string(bytes(data), content_type=normalize_content_type(content_type) or None)
            return _info(blob)

        return await self._call(upload)

    async def delete(self, key: str) -> bool:
        from google.api_core.exceptions import NotFound

        _check_io("delete", self.bucket, key)
        try:
            await self._call(self._bucket.blob(key).delete)
        except BlobError as exc:
            if isinstance(exc.__cause__, NotFound):
                return False
            raise
        return True

    async def close(self) -> None:
        await asyncio.to_thread(self.client.close)

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        try:
            return await asyncio.to_thread(fn, *args)
        except self._errors as exc:
            raise BlobError(f"gcs: {type(exc).__name__}: {exc}") from exc


def _check_io(operation: str, bucket: str, key: str) -> None:
    """Every call to GCS is a network call: never while the task holds a database connection
    (ARCHITECTURE §1; ``pf_common.iosafety``)."""
    check_io(lambda: f"blob {operation} {bucket}/{key}")


def _can_sign(credentials: Any) -> bool:
    """Service-account keys and impersonated credentials sign; metadata-server ones do not."""
    from google.auth.credentials import Signing

    return isinstance(credentials, Signing)


def _info(blob: Blob) -> BlobInfo:
    return BlobInfo(
        key=blob.name or "",
        size=int(blob.size or 0),
        content_type=blob.content_type,
        generation=str(blob.generation or "0"),
    )
