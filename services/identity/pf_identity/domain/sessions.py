"""Sessions in Redis (DOMAIN §5.1, NFR §5): opaque refresh tokens, stored hashed, rotated on
every refresh and store switch, with reuse detection.

Keys (all with the refresh TTL):

* ``pf:session:access:<jti>`` -> JSON ``{"rh": sha256(refresh), "fam": family, "uid": user}``;
  its existence is what every service checks (``pf_common.sessions.SessionRegistry``);
* ``pf:session:family:<family>`` -> the family's live ``jti`` (one login = one family);
* ``pf:session:rotated:<sha256(refresh)>`` -> family, for every refresh token rotated out;
* ``pf:session:user:<user>`` -> SET of the user's families, so that removing a member or
  deactivating a user ends every session of theirs at once (``revoke_user``).

Every deletion of an access key publishes its id on ``REVOCATIONS_CHANNEL`` in the same
MULTI or script: that is how every service's cache of live sessions learns it at once
(:class:`pf_common.sessions.LiveSessions`).

Presenting a rotated refresh token revokes the whole family (the live ``jti`` too): a
stolen token used after its owner refreshed, or the owner's after the thief did, ends
the session for both. Rotation is one Lua script, so two concurrent refreshes with the
same token cannot both win.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from uuid import UUID

from redis.asyncio import Redis
from redis.exceptions import RedisError

from pf_common.errors import DependencyError, Unauthorized
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.sessions import REVOCATIONS_CHANNEL, LiveSessions, session_key

log = get_logger(__name__)

FAMILY_PREFIX = "pf:session:family:"
ROTATED_PREFIX = "pf:session:rotated:"
USER_PREFIX = "pf:session:user:"

# KEYS[1] = user:<uid>; ARGV: [1] family prefix, [2] access prefix, [3] revocations channel.
# Ends every family of the user (their live access keys too, each revocation published);
# returns the session ids it revoked.
_REVOKE_USER = """
local fams = redis.call('SMEMBERS', KEYS[1])
local revoked = {}
for _, fam in ipairs(fams) do
  local famkey = ARGV[1] .. fam
  local jti = redis.call('GET', famkey)
  if jti then
    redis.call('DEL', ARGV[2] .. jti)
    redis.call('PUBLISH', ARGV[3], jti)
    table.insert(revoked, jti)
  end
  redis.call('DEL', famkey)
end
redis.call('DEL', KEYS[1])
return revoked
"""

# KEYS[1] = access:<jti>; ARGV: [1] presented refresh hash ("" = no check: store switch),
# [2] new jti, [3] new refresh hash, [4] ttl, [5] family prefix, [6] access prefix, [7] rotated prefix,
# [8] revocations channel, [9] the presented session id (KEYS[1] without the prefix).
# Every access key deleted is published on the channel in the same script; the third element of
# the answer is the session id a reuse revoked ('' when none).
_ROTATE = """
local cur = redis.call('GET', KEYS[1])
local obj = nil
if cur then
  local ok, decoded = pcall(cjson.decode, cur)
  if ok and type(decoded) == 'table' and decoded['rh'] then obj = decoded end
end
local function revoke(fam)
  local famkey = ARGV[5] .. fam
  local live = redis.call('GET', famkey)
  if live then
    redis.call('DEL', ARGV[6] .. live)
    redis.call('PUBLISH', ARGV[8], live)
  end
  redis.call('DEL', famkey)
  return live or ''
end
if (not obj) or (ARGV[1] ~= '' and obj['rh'] ~= ARGV[1]) then
  if ARGV[1] ~= '' then
    local rotated_fam = redis.call('GET', ARGV[7] .. ARGV[1])
    if rotated_fam then
      local revoked = revoke(rotated_fam)
      return {'reuse', rotated_fam, revoked}
    end
  end
  return {'unknown', '', ''}
end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[8], ARGV[9])
redis.call('SET', ARGV[7] .. obj['rh'], obj['fam'], 'EX', ARGV[4])
local value = cjson.encode({rh = ARGV[3], fam = obj['fam'], uid = obj['uid']})
redis.call('SET', ARGV[6] .. ARGV[2], value, 'EX', ARGV[4])
redis.call('SET', ARGV[5] .. obj['fam'], ARGV[2], 'EX', ARGV[4])
return {'ok', obj['fam'], ARGV[9]}
"""


def new_refresh_token() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()


def token_hash(refresh_token: str) -> str:
    return hashlib.sha256(refresh_token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedSession:
    session_id: str  # the access token's jti
    refresh_token: str
    family: str


class SessionStore:
    """``local`` is this process's cache of live sessions: what this store revokes is
    forgotten there at once (other processes learn it from the published revocation)."""

    def __init__(self, redis: Redis, *, ttl_s: int, local: LiveSessions | None = None) -> None:
        self.redis = redis
        self.ttl_s = ttl_s
        self.local = local

    def _forget(self, *session_ids: str) -> None:
        if self.local is not None:
            for session_id in session_ids:
                if session_id:
                    self.local.revoked(session_id)

    def _value(self, refresh_token: str, family: str, user_id: UUID) -> str:
        return json.dumps({"rh": token_hash(refresh_token), "fam": family, "uid": str(user_id)})

    async def start(self, user_id: UUID) -> IssuedSession:
        """A new family with its first session (login, register)."""
        family, jti, refresh = str(uuid7()), str(uuid7()), new_refresh_token()
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.set(session_key(jti), self._value(refresh, family, user_id), ex=self.ttl_s)
                pipe.set(FAMILY_PREFIX + family, jti, ex=self.ttl_s)
                pipe.sadd(USER_PREFIX + str(user_id), family)
                pipe.expire(USER_PREFIX + str(user_id), self.ttl_s)
                await pipe.execute()
        except (RedisError, OSError) as exc:
            raise _unavailable(exc) from exc
        return IssuedSession(jti, refresh, family)

    async def rotate(self, *, session_id: str, refresh_token: str | None, user_id: UUID) -> IssuedSession:
        """Swap the session for a new one in the same family, with a new refresh token.

        ``refresh_token`` must match the session's (refresh); ``None`` skips the check
        (store switch: the caller holds a valid access token of that session). The old
        refresh token is remembered as rotated, so presenting it later revokes the family.
        """
        new_jti, new_refresh = str(uuid7()), new_refresh_token()
        presented = token_hash(refresh_token) if refresh_token is not None else ""
        try:
            outcome, fam, revoked = await self.redis.eval(
                _ROTATE,
                1,
                session_key(session_id),
                presented,
                new_jti,
                token_hash(new_refresh),
                self.ttl_s,
                FAMILY_PREFIX,
                session_key(""),
                ROTATED_PREFIX,
                REVOCATIONS_CHANNEL,
                session_id,
            )
        except (RedisError, OSError) as exc:
            raise _unavailable(exc) from exc
        outcome, fam, revoked = (_text(v) for v in (outcome, fam, revoked))
        self._forget(revoked)
        if outcome == "reuse":
            log.warning("identity.security.refresh_token_reused", user_id=str(user_id), session_family=fam)
            raise Unauthorized("invalid refresh token", reason="refresh_reused")
        if outcome != "ok":
            raise Unauthorized("invalid refresh token", reason="refresh_unknown")
        return IssuedSession(new_jti, new_refresh, fam)

    async def end(self, session_id: str) -> None:
        """Logout: the session and its family are gone; every service sees it at once."""
        try:
            cur = await self.redis.get(session_key(session_id))
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.delete(session_key(session_id))
                pipe.publish(REVOCATIONS_CHANNEL, session_id)
                family = _family_of(cur)
                if family:
                    pipe.delete(FAMILY_PREFIX + family)
                await pipe.execute()
        except (RedisError, OSError) as exc:
            raise _unavailable(exc) from exc
        finally:
            self._forget(session_id)

    async def revoke_user(self, user_id: UUID) -> int:
        """End every session of ``user_id`` (all families); returns how many were live."""
        try:
            revoked = await self.redis.eval(
                _REVOKE_USER,
                1,
                USER_PREFIX + str(user_id),
                FAMILY_PREFIX,
                session_key(""),
                REVOCATIONS_CHANNEL,
            )
        except (RedisError, OSError) as exc:
            raise _unavailable(exc) from exc
        session_ids = [_text(v) for v in revoked]
        self._forget(*session_ids)
        log.info("identity.sessions.revoked_for_user", user_id=str(user_id), sessions=len(session_ids))
        return len(session_ids)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _family_of(value: bytes | str | None) -> str | None:
    """The family of a stored session value (None for a value identity did not write)."""
    try:
        data = json.loads(value) if value else None
    except ValueError:
        return None
    return data.get("fam") if isinstance(data, dict) else None


def _unavailable(exc: BaseException) -> DependencyError:
    log.warning("identity.session_store_unavailable", error_type=type(exc).__name__)
    return DependencyError("session store unavailable", details={"dependency": "redis"})
