// JSON from standard input: parse, walk, aggregate, serialize again.
'use strict';
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  let total = 0, out = '';
  for (let round = 0; round < 2; round++) {
    const doc = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const byTag = new Map();
    for (const item of doc.items) {
      total += item.value;
      for (const t of item.tags) byTag.set(t, (byTag.get(t) || 0) + item.value);
    }
    out = JSON.stringify([...byTag.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5));
    total += JSON.stringify(doc).length;
  }
  console.log(total, out);
});
