"""The process's context as route dependencies (``pf_common.context``): ``ctx: Ctx``, and the
refresh-token sessions it keeps on the runtime's Redis, ``sessions: Sessions``."""

from typing import Annotated

from fastapi import Depends

from pf_common.app import AppRuntime, context_dependency
from pf_identity.context import IdentityContext
from pf_identity.domain.sessions import SessionStore

Ctx = Annotated[IdentityContext, Depends(context_dependency(IdentityContext))]


async def _sessions(ctx: Ctx, runtime: AppRuntime) -> SessionStore:
    return ctx.sessions(runtime.redis, runtime.authenticator.live_sessions)


Sessions = Annotated[SessionStore, Depends(_sessions)]
