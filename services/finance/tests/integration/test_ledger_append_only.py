"""The ledger is append-only in the database itself (issue: "a trigger refuses UPDATE and DELETE
on ledger rows — services connect as a superuser in the embedded stack, so grants alone prove
nothing"): the service's own connection, a superuser, cannot rewrite or remove a row; inserting
works; a second cash_collected or vendor_payout of one order is refused by the unique index."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError

from pf_common.ids import uuid7
from pf_finance.models import LedgerEvent

LEDGER = LedgerEvent.__table__


def _row(order_id, type_="cash_collected", amount=4200):
    return {
        "id": uuid7(),
        "order_id": order_id,
        "buyer_store_id": uuid7(),
        "vendor_store_id": uuid7(),
        "actor_user_id": uuid7(),
        "type": type_,
        "amount_cents": amount,
    }


async def _insert(db_session, **kw):
    row = _row(**kw)
    await db_session.execute(sa.insert(LEDGER).values(**row))
    return row["id"]


async def test_the_connection_is_a_superuser_so_only_the_trigger_can_refuse(db_session):
    assert (
        await db_session.execute(sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
    ).scalar()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE finance.ledger_events SET amount_cents = 1 WHERE id = :id",
        "UPDATE finance.ledger_events SET metadata = '{\"x\": 1}' WHERE id = :id",
        "DELETE FROM finance.ledger_events WHERE id = :id",
    ],
)
async def test_update_and_delete_of_a_ledger_row_fail(db_session, statement):
    row_id = await _insert(db_session, order_id=uuid7())
    await db_session.commit()  # a savepoint of the test's outer transaction

    with pytest.raises(DBAPIError, match="append-only"):
        async with db_session.begin_nested():
            await db_session.execute(sa.text(statement), {"id": row_id})

    amount = (
        await db_session.execute(sa.select(LEDGER.c.amount_cents).where(LEDGER.c.id == row_id))
    ).scalar()
    assert amount == 4200


async def test_one_cash_collected_and_one_payout_per_order(db_session):
    order_id = uuid7()
    await _insert(db_session, order_id=order_id)
    await _insert(db_session, order_id=order_id, type_="vendor_payout")
    await _insert(db_session, order_id=order_id, type_="adjustment", amount=-100)  # not once-only

    for type_ in ("cash_collected", "vendor_payout"):
        with pytest.raises(IntegrityError):
            async with db_session.begin_nested():
                await _insert(db_session, order_id=order_id, type_=type_)
