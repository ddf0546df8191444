// File streams through zlib's gzip and brotli and back, in a temporary directory.
'use strict';
const fs = require('fs'), os = require('os'), path = require('path'), zlib = require('zlib');
const crypto = require('crypto');
const { pipeline } = require('stream/promises');
(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-streams-'));
  const plain = path.join(dir, 'plain.txt');
  const lines = [];
  for (let i = 0; i < 30000; i++) lines.push(`line ${i} ${(i * 7919) % 10007} ${'x'.repeat(i % 40)}`);
  fs.writeFileSync(plain, lines.join('\n'));
  const digests = [];
  for (const [name, make, unmake] of [['gz', zlib.createGzip, zlib.createGunzip],
                                      ['br', () => zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }), zlib.createBrotliDecompress]]) {
    const packed = path.join(dir, 'plain.' + name), back = path.join(dir, 'back.' + name);
    await pipeline(fs.createReadStream(plain), make(), fs.createWriteStream(packed));
    await pipeline(fs.createReadStream(packed), unmake(), fs.createWriteStream(back));
    digests.push(crypto.createHash('md5').update(fs.readFileSync(back)).digest('hex'));
  }
  fs.rmSync(dir, { recursive: true });
  console.log(digests.join(' '), digests[0] === digests[1]);
})();
