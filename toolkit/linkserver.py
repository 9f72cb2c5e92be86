"""The server's side of :mod:`toolkit.store.remote`: a client link's store calls, for kernels.

``POST <base>/cbt/link/open|draft|submit`` with a JSON body. Only the server's own kernels
may call: a request must carry the per-start key (:data:`~toolkit.store.remote.KEY_HEADER`),
compared in constant time; without it the answer is 403 and the body is not read. That check
stands in for the XSRF cookie (a kernel has no cookie; a browser has no key), so a cross-site
form or script cannot reach the store through here.

The work is the store's, unchanged: :meth:`~toolkit.store.Store.open_assignment`,
:meth:`~toolkit.store.Store.save_draft` and :meth:`~toolkit.store.Store.submit` resolve the
secret, check expiry, revocation and the pinned occurrence, and write the audit log, exactly
as they do in a kernel. Answers: 200 with the result; 410 ``{"reason"}`` for a link that opens
nothing; 422 ``{"message"}`` for answers the store refuses (its messages never hold secrets or
client text); 503 for anything else. The secret is never logged (errors are logged by type).
"""

from __future__ import annotations

import hmac
import json
import secrets
from typing import Any

from tornado.web import RequestHandler

from toolkit.store.remote import (
    ACTIONS,
    KEY_HEADER,
    MAX_REQUEST_BYTES,
    opened_to_json,
    pinned_link,
    receipt_to_json,
)


def new_link_key() -> str:
    """A fresh key for one server start (256 random bits)."""
    return secrets.token_urlsafe(32)


class LinkHandler(RequestHandler):
    """The three link calls; ``settings["cbt_app"]`` holds the store and the key."""

    SUPPORTED_METHODS = ("POST",)

    def _key_ok(self) -> bool:
        key: str = self.settings["cbt_app"].link_key
        given = self.request.headers.get(KEY_HEADER, "")
        return bool(key) and hmac.compare_digest(given.encode(), key.encode())

    def check_xsrf_cookie(self) -> None:
        """The kernel's key instead of the XSRF cookie (checked again in :meth:`prepare`)."""

    def prepare(self) -> None:
        self.set_header("Cache-Control", "no-store")
        if not self._key_ok():
            self._answer(403, {"error": "forbidden"})

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))

    def _payload(self) -> dict[str, Any] | None:
        if len(self.request.body) > MAX_REQUEST_BYTES:
            self._answer(413, {"error": "too large"})
            return None
        try:
            data = json.loads(self.request.body or b"{}")
        except ValueError:
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("secret"), str):
            self._answer(400, {"error": "bad request"})
            return None
        return data

    async def post(self, action: str) -> None:
        from toolkit.store import InvalidInput, LinkInvalid

        if action not in ACTIONS:
            self._answer(404, {"error": "not found"})
            return
        data = self._payload()
        if data is None:
            return
        secret: str = data["secret"]
        if action != "open":
            exercise_id, pin = data.get("exercise_id"), data.get("assignment_id")
            if not isinstance(exercise_id, str) or not (pin is None or isinstance(pin, int)):
                self._answer(400, {"error": "bad request"})
                return
            link: Any = secret if pin is None else pinned_link(secret, pin)
            answers, extra = data.get("answers"), data.get("extra")
        app = self.settings["cbt_app"]
        try:
            if action == "open":
                opened = await app.in_store(lambda store: store.open_assignment(secret))
                result = opened_to_json(opened)
            elif action == "draft":
                response_id = await app.in_store(
                    lambda store: store.save_draft(link, exercise_id, answers, extra)
                )
                result = {"response_id": response_id}
            else:
                receipt = await app.in_store(
                    lambda store: store.submit(link, exercise_id, answers, extra)
                )
                result = receipt_to_json(receipt)
        except LinkInvalid as invalid:
            self._answer(410, {"reason": invalid.reason})
            return
        except InvalidInput as refused:
            self._answer(422, {"message": str(refused)})
            return
        except Exception as exc:  # the database is down or misconfigured
            app.log.error("link %s: the store failed (%s)", action, type(exc).__name__)
            self._answer(503, {"error": "unavailable"})
            return
        self._answer(200, result)
