"""The kiosk simulator: a State Courts payment kiosk's screen in a browser, for `make run`.

It does what a kiosk's own software does: the payer scans the advice's QR code (here: pastes or
keys in the reference printed under it), the kiosk asks ICMS what is owed, takes the money (here:
the payer picks cash, NETS, NETS FlashPay or credit card, and types a card number for a card),
checks a card itself (Luhn, scheme, no AMEX) so that the full number never leaves it, and reports
the payment to ICMS, which answers with the receipt number. Every call to ICMS is signed with the
kiosk's secret, exactly as ``chalicelib/web/kiosk_auth.py`` expects.

``make run`` starts it on http://localhost:8003 (``ICMS_LOCAL_KIOSK_PORT``) as kiosk L2-01; run it
alone with ``python -m local.kiosk_simulator --icms http://localhost:8000``.
"""

from __future__ import annotations

import argparse
import html
import json
import secrets
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

from chalicelib.domain.errors import DomainError
from chalicelib.domain.kiosks import canonical_request, sign
from chalicelib.domain.payments import KIOSK_METHODS, PaymentMethod, check_card_number

DEMO_KIOSK_ID = "L2-01"
DEMO_KIOSK_LOCATION = "State Courts, Level 2"
# The demo kiosk's secret: registered by the demo data, on a developer's machine only.
DEMO_KIOSK_SECRET = "local-only-kiosk-secret-L2-01"


@dataclass(frozen=True)
class Kiosk:
    icms_url: str
    kiosk_id: str = DEMO_KIOSK_ID
    secret: str = DEMO_KIOSK_SECRET

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        """A signed request to ICMS; its status and JSON answer."""
        raw = json.dumps(body).encode() if body is not None else b""
        stamp, nonce = str(int(time.time())), secrets.token_urlsafe(16)
        signature = sign(self.secret.encode(), canonical_request(method, path, "", stamp, nonce, raw))
        request = urllib.request.Request(self.icms_url + path, data=raw or None, method=method, headers={
            "Content-Type": "application/json", "X-ICMS-Kiosk": self.kiosk_id, "X-ICMS-Timestamp": stamp,
            "X-ICMS-Nonce": nonce, "X-ICMS-Signature": signature})
        try:
            # nosec B310: the local portal's own http:// address on loopback, never a URL from input.
            with urllib.request.urlopen(request, timeout=15) as response:  # nosec B310
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            try:
                return error.code, json.loads(error.read() or b"{}")
            except json.JSONDecodeError:
                return error.code, {"message": f"ICMS answered {error.code}"}
        except urllib.error.URLError as error:
            return 503, {"message": f"ICMS cannot be reached ({error.reason}); try again"}


def _dollars(cents: int) -> str:
    return f"S${cents // 100:,}.{cents % 100:02d}"


def _screen(title: str, body: str, status: int = 200) -> tuple[int, str]:
    page = f"""<!doctype html>
<html lang="en-SG"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · Payment kiosk (simulator)</title>
<style>body{{font-family:Arial,Helvetica,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.5;color:#1d2939}}
header{{background:#0b3d91;color:#fff;padding:.75rem 1rem;border-radius:.5rem}} label{{display:block;margin:.75rem 0 .25rem;font-weight:bold}}
input[type=text]{{width:100%;font-size:1.2rem;padding:.5rem;box-sizing:border-box}} fieldset{{margin:1rem 0}}
button{{font-size:1.2rem;padding:.6rem 1.2rem;margin-top:1rem;background:#0b5fff;color:#fff;border:0;border-radius:.4rem}}
.problem{{border-left:.4rem solid #b42318;background:#fef3f2;padding:.75rem 1rem}} .ok{{border-left:.4rem solid #067647;background:#ecfdf3;padding:.75rem 1rem}}
dt{{font-weight:bold}} dd{{margin:0 0 .5rem 0}}</style></head>
<body><header><strong>State Courts payment kiosk</strong> (simulator) · kiosk {html.escape(DEMO_KIOSK_ID)}</header>
<main><h1>{html.escape(title)}</h1>{body}<p><a href="/">Start again</a></p></main></body></html>"""
    return status, page


def _problem(message: str) -> str:
    return f'<div class="problem" role="alert"><p>{html.escape(message)}</p></div>'


class KioskScreens:
    def __init__(self, kiosk: Kiosk) -> None:
        self.kiosk = kiosk

    def start(self) -> tuple[int, str]:
        return _screen("Pay a court fee", """
<p>Scan the QR code on your payment advice, or key in the reference printed under it.</p>
<form method="get" action="/owed"><label for="reference">Payment reference</label>
<input type="text" id="reference" name="reference" autocomplete="off" placeholder="PA-XXXXX-XXXXX-XXXXX-XXXXX" required>
<button type="submit">Continue</button></form>""")

    def owed(self, reference: str) -> tuple[int, str]:
        compact = reference.strip().upper().replace(" ", "")
        status, answer = self.kiosk.call("GET", "/api/kiosk/advices/" + quote(compact, safe=""))
        if status != 200:
            return _screen("Reference not accepted", _problem(answer.get("message", f"ICMS answered {status}")), status)
        facts = (f"<dl><dt>Application</dt><dd>{html.escape(answer['application_no'])}</dd>"
                 f"<dt>For</dt><dd>{html.escape(answer['description'])}</dd>"
                 f"<dt>Payer</dt><dd>{html.escape(answer['payer_name'])}</dd>"
                 f"<dt>Amount owed</dt><dd id=\"owed\">{_dollars(answer['amount_owed_cents'])}</dd></dl>")
        if answer["amount_owed_cents"] == 0:
            return _screen("Nothing to pay", facts + f'<div class="ok" role="status"><p>This fee is {answer["status"]}'
                           + (f" (receipt {html.escape(answer['receipt_no'])})" if answer.get("receipt_no") else "")
                           + ". Nothing is owed.</p></div>")
        methods = "".join(
            f'<div><input type="radio" id="m-{m.value}" name="method" value="{m.value}" required>'
            f' <label for="m-{m.value}" style="display:inline">{html.escape(m.label.replace(" at kiosk", ""))}</label></div>'
            for m in KIOSK_METHODS)
        return _screen("Choose how to pay", facts + f"""
<form method="post" action="/pay">
<input type="hidden" name="reference" value="{html.escape(answer['reference'])}">
<input type="hidden" name="amount" value="{answer['amount_owed_cents']}">
<input type="hidden" name="transaction_id" value="K{int(time.time())}-{secrets.token_hex(4)}">
<fieldset><legend>Payment method</legend>{methods}</fieldset>
<label for="card_number">Card number (credit card only; the kiosk checks it and sends ICMS only its first 6 and last 4 digits)</label>
<input type="text" id="card_number" name="card_number" inputmode="numeric" autocomplete="off">
<button type="submit">Pay {_dollars(answer['amount_owed_cents'])}</button></form>""")

    def pay(self, form: dict[str, str]) -> tuple[int, str]:
        try:
            method = PaymentMethod(form.get("method", ""))
        except ValueError:
            return _screen("Choose a payment method", _problem("Choose cash, NETS, NETS FlashPay or credit card."), 400)
        body: dict = {"reference": form.get("reference", ""), "transaction_id": form.get("transaction_id", ""),
                      "method": method.value, "amount_collected_cents": int(form.get("amount") or 0)}
        if method is PaymentMethod.CREDIT_CARD:
            try:
                card = check_card_number(form.get("card_number", ""))
            except DomainError as refusal:
                return _screen("Card not accepted", _problem(refusal.message), 422)
            body["card"] = {"first6": card.first6, "last4": card.last4}
        status, answer = self.kiosk.call("POST", "/api/kiosk/payments", body)
        if status != 201:
            return _screen("Payment not recorded", _problem(answer.get("message", f"ICMS answered {status}")), status)
        return _screen("Payment received", f"""<div class="ok" role="status"><p>Thank you. Please take your receipt.</p></div>
<dl><dt>Receipt number</dt><dd id="receipt-no">{html.escape(answer['receipt_no'])}</dd>
<dt>Amount</dt><dd>{_dollars(answer['amount_cents'])}</dd><dt>Method</dt><dd>{html.escape(answer['method_label'])}</dd>
<dt>Application</dt><dd>{html.escape(answer['application_no'])}</dd></dl>""")


def _handler(screens: KioskScreens):
    class Handler(BaseHTTPRequestHandler):
        def _send(self, result: tuple[int, str]) -> None:
            status, page = result
            data = page.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/owed":
                self._send(screens.owed(query.get("reference", "")))
            elif parts.path == "/":
                self._send(screens.start())
            else:
                self._send(_screen("Not found", _problem("There is no such screen."), 404))

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlsplit(self.path).path == "/pay":
                self._send(screens.pay(form))
            else:
                self._send(_screen("Not found", _problem("There is no such screen."), 404))

        def log_message(self, *_args) -> None:
            pass

    return Handler


class KioskSimulator:
    def __init__(self, address: tuple[str, int], icms_url: str) -> None:
        self.server = ThreadingHTTPServer(address, _handler(KioskScreens(Kiosk(icms_url))))
        self.thread = threading.Thread(target=self.server.serve_forever, name="kiosk-simulator", daemon=True)

    def start(self) -> "KioskSimulator":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A payment kiosk's screen, signing its requests to ICMS.")
    parser.add_argument("--icms", default="http://localhost:8000", help="the portal's public URL")
    parser.add_argument("--port", type=int, default=8003)
    args = parser.parse_args(argv)
    simulator = KioskSimulator(("127.0.0.1", args.port), args.icms.rstrip("/"))
    print(f"kiosk simulator on http://localhost:{args.port} (kiosk {DEMO_KIOSK_ID}), paying into {args.icms}")
    try:
        simulator.server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
