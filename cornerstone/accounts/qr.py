from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_qr_svg(device: TOTPDevice) -> SafeString:
    """The provisioning QR code as inline SVG: drawn on the server, so no script and no
    third-party image service sees the secret."""
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=5, title="QR code to add Cornerstone to your authenticator app", border=2)
    return mark_safe(svg)  # noqa: S308 - segno builds the markup from the URL's bits, not from HTML
