#!/usr/bin/env python3
"""Writes kettle.png (the image to fill) and mask.png (white = fill, black = keep), 512x512, with the standard
library only. Rerun it to regenerate the files; the fill example's job ids hash their bytes."""
import struct
import zlib

SIZE = 512


def png(path, rows, color_type):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, color_type, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def kettle_pixel(x, y):
    if y > 380:  # marble counter
        return (235 - (x // 16) % 3 * 6, 232, 228)
    body = ((x - 256) / 120) ** 2 + ((y - 280) / 100) ** 2 <= 1
    lid = 200 <= x <= 312 and 160 <= y <= 190
    spout = 360 <= x <= 420 and 230 <= y <= 260 and y - 230 <= (x - 360) // 2
    if body or lid or spout:
        return (28, 28, 30)  # matte black kettle
    return (200 - y // 8, 210 - y // 10, 225 - y // 12)  # morning-light wall


kettle = [[c for x in range(SIZE) for c in kettle_pixel(x, y)] for y in range(SIZE)]
png("kettle.png", kettle, 2)
mask = [[255 if 96 <= x < 416 and 64 <= y < 176 else 0 for x in range(SIZE)] for y in range(SIZE)]
png("mask.png", mask, 0)
