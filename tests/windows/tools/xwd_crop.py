#!/usr/bin/env python3
# A rectangle of an X window dump as a PNG file: xwd_crop.py DUMP.xwd OUT.png X Y WIDTH HEIGHT —
# the dump of a TrueColor screen of 24-bit pixels (`xwd -root` on an Xvfb of depth 24 packs them in
# three bytes; `xwd -id` of a window keeps them in 32-bit words: both are read),
# the pixels of the rectangle at (X, Y) written as 8-bit RGB without interlacing (what
# png_compare.py reads).
import struct, sys, zlib
d = open(sys.argv[1], 'rb').read()
header_size = struct.unpack('>I', d[0:4])[0]
f = struct.unpack('>25I', d[0:100])
width, height, byte_order, bits_per_pixel, bytes_per_line, ncolors = f[4], f[5], f[7], f[11], f[12], f[19]
red_mask = f[14]
if bits_per_pixel not in (24, 32) or bytes_per_line < width * bits_per_pixel // 8:
    sys.exit(f"xwd_crop: {bits_per_pixel} bits per pixel, {bytes_per_line} bytes a line (only 24 and 32 are read)")
size = bits_per_pixel // 8
x0, y0, w, h = (int(v) for v in sys.argv[3:7])
if x0 < 0 or y0 < 0 or w <= 0 or h <= 0 or x0 + w > width or y0 + h > height:
    sys.exit(f"xwd_crop: {w}x{h} at {x0},{y0} is not inside the {width}x{height} dump")
off = header_size + ncolors * 12
if red_mask != 0xff0000:
    sys.exit("xwd_crop: not an 8-8-8 TrueColor dump")
# (A pixel's bytes in the dump's byte order: blue, green, red (, unused) when least significant
# first.)
rows = []
for y in range(y0, y0 + h):
    line = d[off + y * bytes_per_line + x0 * size: off + y * bytes_per_line + (x0 + w) * size]
    out = bytearray(b'\x00')
    for x in range(0, w * size, size):
        px = line[x:x + 3]
        out += bytes((px[2], px[1], px[0])) if byte_order == 0 else bytes(line[x + size - 3:x + size])
    rows.append(bytes(out))
def chunk(t, data): return struct.pack('>I', len(data)) + t + data + struct.pack('>I', zlib.crc32(t + data) & 0xffffffff)
open(sys.argv[2], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
                              chunk(b'IDAT', zlib.compress(b''.join(rows), 9)) + chunk(b'IEND', b''))
