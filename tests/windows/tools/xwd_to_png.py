#!/usr/bin/env python3
# An X window dump (xwd of a 24- or 32-bit TrueColor window: what Xvfb -screen 0 WxHx24 gives) as
# an 8-bit RGB PNG, optionally only the rectangle X Y W H of it:
#   xwd_to_png.py DUMP.xwd PICTURE.png [X Y W H]
import struct, sys, zlib
d = open(sys.argv[1], 'rb').read()
header_size = struct.unpack('>I', d[0:4])[0]
fields = struct.unpack('>25I', d[0:100])
width, height, bits_per_pixel, bytes_per_line, colors = fields[4], fields[5], fields[11], fields[12], fields[19]
if bits_per_pixel != 32:
    sys.exit(f"xwd_to_png: {bits_per_pixel} bits per pixel: only 32 are read")
x0, y0, w, h = (int(v) for v in sys.argv[3:7]) if len(sys.argv) >= 7 else (0, 0, width, height)
if x0 < 0 or y0 < 0 or x0 + w > width or y0 + h > height:
    sys.exit(f"xwd_to_png: {w}x{h} at {x0},{y0} is not inside the {width}x{height} dump")
start = header_size + colors * 12
rows = []
for y in range(y0, y0 + h):
    row = d[start + y * bytes_per_line + 4 * x0: start + y * bytes_per_line + 4 * (x0 + w)]
    line = bytearray(b'\x00')
    for x in range(w):
        b, g, r = row[4 * x], row[4 * x + 1], row[4 * x + 2]
        line += bytes((r, g, b))
    rows.append(bytes(line))
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
png = (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
       chunk(b'IDAT', zlib.compress(b''.join(rows), 6)) + chunk(b'IEND', b''))
open(sys.argv[2], 'wb').write(png)
