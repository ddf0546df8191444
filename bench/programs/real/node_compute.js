// A compute script for a JavaScript runtime: BigInt, crypto hashes, Intl formatting, a hot loop.
'use strict';
const crypto = require('crypto');
let s = 0n;
for (let i = 0n; i < 20000n; i++) s += i * i * i;
let h = '';
for (let i = 0; i < 2000; i++) h = crypto.createHash('sha256').update(h + i).digest('hex');
let x = 0;
for (let i = 0; i < 2e7; i++) x = (x + i * 7) % 1000003;
const nf = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const words = [];
for (let i = 0; i < 10000; i++) words.push((i * 2654435761 % 4294967296).toString(36));
words.sort((a, b) => a.localeCompare(b));
console.log(s.toString().slice(0, 20), h.slice(0, 16), x, nf.format(1234567.891), words[0], words[words.length - 1]);
