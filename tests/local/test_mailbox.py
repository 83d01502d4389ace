"""The local mailbox page: what moto accepted from SES and SNS, newest first, bodies rendered, and
served by the local edge only when the stack gives it one."""

from __future__ import annotations

import http.client

from local.edge import EdgeServer
from local.environment import LOOPBACK, free_port
from local.mailbox import Mailbox


def test_the_mailbox_lists_emails_and_sms_newest_first_with_their_bodies(aws):
    from chalicelib.services.channels import EmailChannel, SmsChannel

    EmailChannel.send_one("first@example.sg", "Court date fixed: DAC-900001-2026", "First, as text.",
                          "<p>First, <strong>as HTML</strong> &amp; more.</p>")
    EmailChannel.send_one("second@example.sg", "Court date changed: DAC-900002-2026", "Second, as text.",
                          "<p>Second</p>")
    SmsChannel.send_text("+6591234567", "ICMS: first SMS <b>not markup</b>")
    SmsChannel.send_text("+6598765432", "ICMS: second SMS")

    html = Mailbox(aws).page().decode()

    assert html.index("Court date changed: DAC-900002-2026") < html.index("Court date fixed: DAC-900001-2026")
    assert html.index("ICMS: second SMS") < html.index("ICMS: first SMS")
    assert "First, as text." in html and "To first@example.sg" in html and "To +6591234567" in html
    # The HTML part renders in a sandboxed frame; an SMS is text, never markup.
    assert 'sandbox srcdoc="&lt;p&gt;First, &lt;strong&gt;as HTML&lt;/strong&gt; &amp;amp; more.&lt;/p&gt;' in html
    assert "&lt;b&gt;not markup&lt;/b&gt;" in html


def test_the_mailbox_says_so_when_moto_does_not_answer():
    html = Mailbox(f"http://{LOOPBACK}:{free_port()}").page().decode()
    assert "moto did not answer" in html


def test_the_edge_serves_the_mailbox_only_when_given_one(tmp_path, monkeypatch):
    from local import edge

    monkeypatch.setattr(edge, "UPSTREAM_RESTART_GRACE_SECONDS", 0)
    served = EdgeServer((LOOPBACK, free_port()), (LOOPBACK, free_port()), tmp_path, mailbox=lambda: b"<p>mail</p>").start()
    plain = EdgeServer((LOOPBACK, free_port()), (LOOPBACK, free_port()), tmp_path).start()
    try:
        connection = http.client.HTTPConnection(LOOPBACK, served.server_address[1], timeout=5)
        connection.request("GET", "/local/mailbox")
        response = connection.getresponse()
        assert response.status == 200 and response.read() == b"<p>mail</p>"
        assert "default-src 'none'" in response.getheader("Content-Security-Policy")
        connection = http.client.HTTPConnection(LOOPBACK, plain.server_address[1], timeout=5)
        connection.request("GET", "/local/mailbox")
        assert connection.getresponse().status == 502  # passed on to the app, which is not there
    finally:
        served.stop()
        plain.stop()
