from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.ads_upload import AdsUpload
from ...models.coa_upload import CoaUpload
from ...models.error_response import ErrorResponse
from ...models.license_doc_upload import LicenseDocUpload
from ...models.manifest_upload import ManifestUpload
from ...models.other_upload import OtherUpload
from ...models.pdf_upload import PdfUpload
from ...models.presign_api_v1_media_presign_post_response_presign_api_v1_media_presign_post import (
    PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost,
)
from ...models.product_upload import ProductUpload
from ...models.store_upload import StoreUpload
from ...models.user_upload import UserUpload
from ...types import Response


def _get_kwargs(
    *,
    body: AdsUpload
    | CoaUpload
    | LicenseDocUpload
    | ManifestUpload
    | OtherUpload
    | PdfUpload
    | ProductUpload
    | StoreUpload
    | UserUpload,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/media/presign",
    }

    if isinstance(body, ProductUpload):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, AdsUpload):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, PdfUpload):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, LicenseDocUpload):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, CoaUpload):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, ManifestUpload):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, UserUpload):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, StoreUpload):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost | None:
    if response.status_code == 200:
        response_200 = PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost.from_dict(
            response.json()
        )

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AdsUpload
    | CoaUpload
    | LicenseDocUpload
    | ManifestUpload
    | OtherUpload
    | PdfUpload
    | ProductUpload
    | StoreUpload
    | UserUpload,
    idempotency_key: str,
) -> Response[ErrorResponse | PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost]:
    """Presign

    Args:
        idempotency_key (str):
        body (AdsUpload | CoaUpload | LicenseDocUpload | ManifestUpload | OtherUpload | PdfUpload
            | ProductUpload | StoreUpload | UserUpload): ``mime_type`` is one of the kind's MIME
            types, exactly (DOMAIN §5.2); a file name with
            nothing usable left once its path and control characters are gone becomes
            ``upload.<ext>``.

            The schema is one branch per kind (``oneOf``; each a whole body: its ``media_kind`` const
            and
            that kind's MIME types), so a request the schema accepts is one the server accepts and a
            generated client gets one typed body per kind (issue #19).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: AdsUpload
    | CoaUpload
    | LicenseDocUpload
    | ManifestUpload
    | OtherUpload
    | PdfUpload
    | ProductUpload
    | StoreUpload
    | UserUpload,
    idempotency_key: str,
) -> ErrorResponse | PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost | None:
    """Presign

    Args:
        idempotency_key (str):
        body (AdsUpload | CoaUpload | LicenseDocUpload | ManifestUpload | OtherUpload | PdfUpload
            | ProductUpload | StoreUpload | UserUpload): ``mime_type`` is one of the kind's MIME
            types, exactly (DOMAIN §5.2); a file name with
            nothing usable left once its path and control characters are gone becomes
            ``upload.<ext>``.

            The schema is one branch per kind (``oneOf``; each a whole body: its ``media_kind`` const
            and
            that kind's MIME types), so a request the schema accepts is one the server accepts and a
            generated client gets one typed body per kind (issue #19).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AdsUpload
    | CoaUpload
    | LicenseDocUpload
    | ManifestUpload
    | OtherUpload
    | PdfUpload
    | ProductUpload
    | StoreUpload
    | UserUpload,
    idempotency_key: str,
) -> Response[ErrorResponse | PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost]:
    """Presign

    Args:
        idempotency_key (str):
        body (AdsUpload | CoaUpload | LicenseDocUpload | ManifestUpload | OtherUpload | PdfUpload
            | ProductUpload | StoreUpload | UserUpload): ``mime_type`` is one of the kind's MIME
            types, exactly (DOMAIN §5.2); a file name with
            nothing usable left once its path and control characters are gone becomes
            ``upload.<ext>``.

            The schema is one branch per kind (``oneOf``; each a whole body: its ``media_kind`` const
            and
            that kind's MIME types), so a request the schema accepts is one the server accepts and a
            generated client gets one typed body per kind (issue #19).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AdsUpload
    | CoaUpload
    | LicenseDocUpload
    | ManifestUpload
    | OtherUpload
    | PdfUpload
    | ProductUpload
    | StoreUpload
    | UserUpload,
    idempotency_key: str,
) -> ErrorResponse | PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost | None:
    """Presign

    Args:
        idempotency_key (str):
        body (AdsUpload | CoaUpload | LicenseDocUpload | ManifestUpload | OtherUpload | PdfUpload
            | ProductUpload | StoreUpload | UserUpload): ``mime_type`` is one of the kind's MIME
            types, exactly (DOMAIN §5.2); a file name with
            nothing usable left once its path and control characters are gone becomes
            ``upload.<ext>``.

            The schema is one branch per kind (``oneOf``; each a whole body: its ``media_kind`` const
            and
            that kind's MIME types), so a request the schema accepts is one the server accepts and a
            generated client gets one typed body per kind (issue #19).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
