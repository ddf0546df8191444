#!/usr/bin/env python3
# Compares a picture with a reference picture: png_compare.py PICTURE.png REFERENCE.png X Y
# PERCENT [--strict X,Y,W,H]... [--diff OUT.png] — the reference's pixels against the picture's
# at offset (X, Y); a pixel differs when a channel differs by more than 48; passes (status 0) when
# at most PERCENT % of them differ and none inside a --strict rectangle (in the reference's
# coordinates: parts that must be the reference's exactly, such as a control's edges). --diff
# writes the reference with each differing pixel in magenta, for a person to look at. Reads 8-bit
# RGB and RGBA PNG files without interlacing (what polyrun's --screenshot, tools/xwd_crop.py and
# the stored references are).
import struct, sys, zlib
def read_png(path):
    d = open(path, 'rb').read()
    assert d[:8] == b'\x89PNG\r\n\x1a\n'
    pos, idat, w = 8, b'', 0
    while pos < len(d):
        n = struct.unpack('>I', d[pos:pos+4])[0]; t = d[pos+4:pos+8]; body = d[pos+8:pos+8+n]; pos += 12 + n
        if t == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
        elif t == b'IDAT': idat += body
    bpp = {2: 3, 6: 4}[ctype]
    raw = zlib.decompress(idat); stride = w * bpp; rows = []; prev = bytearray(stride); i = 0
    for y in range(h):
        f = raw[i]; line = bytearray(raw[i+1:i+1+stride]); i += 1 + stride
        for x in range(stride):
            a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x*bpp:x*bpp+3]) for x in range(w)]); prev = line
    return w, h, rows
aw, ah, a = read_png(sys.argv[1]); bw, bh, b = read_png(sys.argv[2])
ox, oy, limit = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
strict, diff_path, rest = [], None, sys.argv[6:]
while rest:
    if rest[0] == '--strict' and len(rest) > 1: strict.append(tuple(int(v) for v in rest[1].split(','))); rest = rest[2:]
    elif rest[0] == '--diff' and len(rest) > 1: diff_path = rest[1]; rest = rest[2:]
    else: print(f"png_compare: unknown argument {rest[0]}"); sys.exit(2)
if ox < 0 or oy < 0 or ox + bw > aw or oy + bh > ah:
    print(f"the picture ({aw}x{ah}) does not hold the reference ({bw}x{bh}) at {ox},{oy}"); sys.exit(1)
diff, strict_diff, marks = 0, [0] * len(strict), set()
for y in range(bh):
    for x in range(bw):
        p, q = a[y+oy][x+ox], b[y][x]
        if max(abs(p[i]-q[i]) for i in range(3)) > 48:
            diff += 1; marks.add((x, y))
            for i, (sx, sy, sw, sh) in enumerate(strict):
                if sx <= x < sx + sw and sy <= y < sy + sh: strict_diff[i] += 1
share = 100.0 * diff / (bw * bh)
print(f"{diff} of {bw*bh} pixels differ ({share:.2f}%, at most {limit}% may)")
ok = share <= limit
for (sx, sy, sw, sh), n in zip(strict, strict_diff):
    if n:
        print(f"{n} pixels differ in the {sw}x{sh} rectangle at {sx},{sy}, where none may"); ok = False
if diff_path:
    import zlib
    raw = b''.join(b'\x00' + b''.join(bytes((255, 0, 255)) if (x, y) in marks else bytes(b[y][x]) for x in range(bw))
                   for y in range(bh))
    def chunk(t, data): return struct.pack('>I', len(data)) + t + data + struct.pack('>I', zlib.crc32(t + data) & 0xffffffff)
    open(diff_path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', bw, bh, 8, 2, 0, 0, 0)) +
                                chunk(b'IDAT', zlib.compress(raw, 6)) + chunk(b'IEND', b''))
sys.exit(0 if ok else 1)
