"""The hire packet: context (data), html (page), pdf (WeasyPrint), chart (SVG)."""
