#!/usr/bin/env python3
# Writes the user32_icons sample's pictures (polyrun's own pixels, simple shapes): user32_icons.ico
# (16x16 8-bit, 24x24 4-bit, 32x32 32-bit with alpha), user32_icons.cur (32x32 and 16x16
# monochrome, hotspots (5, 7) and (2, 3)) and user32_icons.bmp (20x12, 8-bit with 16 colours).
# Run it from anywhere: the files go beside it.
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def row_bytes(width, bpp):
    return (width * bpp + 31) // 32 * 4


def pack_rows(pixels, width, height, bpp):
    """Bottom-up DIB rows of `pixels[y][x]` (indices, or 0xAARRGGBB for 32 bits)."""
    out = b""
    for y in reversed(range(height)):
        bits = 0
        nbits = 0
        row = b""
        for x in range(width):
            v = pixels[y][x]
            if bpp == 32:
                row += struct.pack("<I", v)
                continue
            bits = (bits << bpp) | v
            nbits += bpp
            if nbits == 8:
                row += bytes([bits])
                bits = nbits = 0
        if nbits:
            row += bytes([bits << (8 - nbits)])
        out += row + b"\0" * (row_bytes(width, bpp) - len(row))
    return out


def info_header(width, height, bpp, colors_used=0):
    return struct.pack("<IiiHHIIiiII", 40, width, height, 1, bpp, 0, 0, 0, 0, colors_used, 0)


def palette(entries):
    return b"".join(struct.pack("<BBBB", b, g, r, 0) for (r, g, b) in entries)


def icon_image(width, height, bpp, colors, pixels, mask):
    """A DIB as RT_ICON holds it: header of double height, table, XOR bits, AND bits."""
    table = palette(colors) if bpp <= 8 else b""
    return (info_header(width, height * 2, bpp, len(colors) if bpp <= 8 else 0) + table +
            pack_rows(pixels, width, height, bpp) + pack_rows(mask, width, height, 1))


COLORS16 = [(0, 0, 0), (128, 0, 0), (0, 128, 0), (128, 128, 0), (0, 0, 128), (128, 0, 128), (0, 128, 128),
            (192, 192, 192), (128, 128, 128), (255, 0, 0), (0, 255, 0), (255, 255, 0), (0, 0, 255),
            (255, 0, 255), (0, 255, 255), (255, 255, 255)]


def image16():
    # 8 bits: a diagonal band of colours over a square, a transparent corner triangle.
    colors = [(i * 16, 255 - i * 16, (i * 40) % 256) for i in range(16)]
    pixels = [[(x + y) % 16 for x in range(16)] for y in range(16)]
    mask = [[1 if x + y < 5 else 0 for x in range(16)] for y in range(16)]
    for y in range(16):
        for x in range(16):
            if mask[y][x]:
                pixels[y][x] = 0
    return icon_image(16, 16, 8, colors, pixels, mask)


def image24():
    # 4 bits: a ring, outside it transparent; one inverted pixel run (mask 1 over a colour).
    pixels, mask = [], []
    for y in range(24):
        prow, mrow = [], []
        for x in range(24):
            d = (x - 11.5) ** 2 + (y - 11.5) ** 2
            inside = d < 121
            prow.append((9 if d > 64 else 12) if inside else (15 if y == 2 and 8 <= x < 16 else 0))
            mrow.append(0 if inside else 1)
        pixels.append(prow)
        mask.append(mrow)
    return icon_image(24, 24, 4, COLORS16, pixels, mask)


def image32():
    # 32 bits with alpha: an opaque frame, a half-transparent inside, a clear hole in the middle.
    pixels, mask = [], []
    for y in range(32):
        prow, mrow = [], []
        for x in range(32):
            if x < 2 or y < 2 or x >= 30 or y >= 30:
                a, c = 0xff, (0x20, 0x40, 0xc0)
            elif 12 <= x < 20 and 12 <= y < 20:
                a, c = 0x00, (0, 0, 0)
            else:
                a, c = 0x80 if x < 16 else 0xc0, (0xe0 - 4 * y, 0x30 + 5 * x, 0x60)
            prow.append(a << 24 | c[0] << 16 | c[1] << 8 | c[2])
            mrow.append(0 if a else 1)
        pixels.append(prow)
        mask.append(mrow)
    return icon_image(32, 32, 32, [], pixels, mask)


def cursor_image(size, tip):
    # Monochrome: an arrow-like wedge from `tip`, black with a white edge (mask 0), the rest
    # transparent (mask 1, colour 0), and a small inverted square (mask 1, colour 1).
    pixels, mask = [], []
    tx, ty = tip
    for y in range(size):
        prow, mrow = [], []
        for x in range(size):
            dx, dy = x - tx, y - ty
            inside = dy >= 0 and 0 <= dx <= dy // 2 and dy < size // 2
            edge = inside and (dx == 0 or dx == dy // 2 or dy == size // 2 - 1)
            inverted = x >= size - 4 and y >= size - 4
            prow.append(1 if edge or inverted else 0)
            mrow.append(0 if inside else 1)
        pixels.append(prow)
        mask.append(mrow)
    return icon_image(size, size, 1, [(0, 0, 0), (255, 255, 255)], pixels, mask)


def directory(kind, entries):
    """An .ico (kind 1) or .cur (2) file: ICONDIR, ICONDIRENTRYs, the images."""
    head = struct.pack("<HHH", 0, kind, len(entries))
    offset = 6 + 16 * len(entries)
    table, data = b"", b""
    for (w, h, colors, a, b, image) in entries:
        table += struct.pack("<BBBBHHII", w % 256, h % 256, colors, 0, a, b, len(image), offset + len(data))
        data += image
    return head + table + data


def main():
    ico = directory(1, [(16, 16, 0, 1, 8, image16()), (24, 24, 16, 1, 4, image24()), (32, 32, 0, 1, 32, image32())])
    cur = directory(2, [(32, 32, 2, 5, 7, cursor_image(32, (5, 7))), (16, 16, 2, 2, 3, cursor_image(16, (2, 3)))])
    colors = COLORS16
    pixels = [[(x // 3 + y // 2) % 16 for x in range(20)] for y in range(12)]
    pixels[11][0] = 13  # the bottom-left pixel (the first of the bits): LR_LOADTRANSPARENT's colour
    bits = pack_rows(pixels, 20, 12, 8)
    info = info_header(20, 12, 8, 16) + palette(colors)
    bmp = struct.pack("<2sIHHI", b"BM", 14 + len(info) + len(bits), 0, 0, 14 + len(info)) + info + bits
    for name, data in (("user32_icons.ico", ico), ("user32_icons.cur", cur), ("user32_icons.bmp", bmp)):
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
