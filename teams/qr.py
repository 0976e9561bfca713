"""QR codes as inline SVG for the sign-up sheet: reportlab's encoder (no extra dependency),
drawn as one path of dark modules, without style attributes (the site's CSP allows none)."""

from __future__ import annotations

from reportlab.graphics.barcode import qrencoder

# Light modules around the code, as the standard asks, so a phone finds its edges.
QUIET_ZONE = 4


def svg(text: str) -> str:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)  # the smallest version
    code.addData(text)
    code.make()
    count = code.getModuleCount()
    side = count + 2 * QUIET_ZONE
    dark = "".join(
        f"M{column + QUIET_ZONE} {row + QUIET_ZONE}h1v1h-1z"
        for row, modules in enumerate(code.modules)
        for column, is_dark in enumerate(modules)
        if is_dark
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" '
        f'shape-rendering="crispEdges" class="qr-code" role="img">'
        f'<rect width="{side}" height="{side}" fill="#fff"/><path d="{dark}" fill="#000"/></svg>'
    )
