"""HTTP routers of media: parse, authorise, call one use case, shape the response (HOUSE_STYLE §2)."""

from fastapi import APIRouter

from pf_media.api import blobs, internal, media

ROUTERS: list[APIRouter] = [media.router, blobs.router, internal.router]
