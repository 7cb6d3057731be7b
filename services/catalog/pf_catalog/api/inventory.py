"""(placeholder, filled in by #7)"""

from fastapi import APIRouter

router = APIRouter(tags=["catalog"])
