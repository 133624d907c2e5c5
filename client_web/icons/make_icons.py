"""Draws Fieldbook's app icons as PNG with the standard library only (zlib + struct).

Run ``python client_web/icons/make_icons.py`` to rewrite them; the PNGs are committed.
The mark is an open book (two pages) on the app's dark colour; the maskable icon keeps it
inside the central 80 % safe zone so launchers may crop it to any shape.
"""

import struct
import zlib
from pathlib import Path

HERE = Path(__file__).parent
BACKGROUND = (17, 22, 28)
PAGE = (240, 196, 92)
SPINE = (17, 22, 28)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(size: int, pixel) -> bytes:
    """A truecolour PNG of ``size`` x ``size`` where ``pixel(x, y)`` gives (r, g, b)."""
    rows = bytearray()
    for y in range(size):
        rows.append(0)
        for x in range(size):
            rows.extend(pixel(x, y))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )


def book(size: int, scale: float):
    """The pixel function: a book of ``scale`` x the icon's width, centred."""
    half = size * scale / 2
    cx = cy = size / 2
    left, right = cx - half, cx + half
    top, bottom = cy - half * 0.7, cy + half * 0.7
    spine = size * 0.02

    def pixel(x, y):
        if left <= x <= right and top <= y <= bottom:
            if abs(x - cx) <= spine:
                return SPINE
            # Pages dip toward the spine, as an open book does.
            dip = (1 - abs(x - cx) / half) * half * 0.12
            if y >= top + dip:
                return PAGE
        return BACKGROUND

    return pixel


def main() -> None:
    (HERE / "icon-192.png").write_bytes(png(192, book(192, 0.7)))
    (HERE / "icon-512.png").write_bytes(png(512, book(512, 0.7)))
    (HERE / "icon-maskable-512.png").write_bytes(png(512, book(512, 0.5)))


if __name__ == "__main__":
    main()
