// Worker threads that share memory: Atomics on a SharedArrayBuffer, messages and timers.
'use strict';
const { Worker, isMainThread, workerData, parentPort } = require('worker_threads');
if (isMainThread) {
  const shared = new SharedArrayBuffer(4 * 4);
  const counters = new Int32Array(shared);
  let done = 0;
  const results = [];
  for (let w = 0; w < 3; w++) {
    const worker = new Worker(__filename, { workerData: { shared, id: w } });
    worker.on('message', (m) => {
      results[m.id] = m.sum;
      if (++done === 3) {
        clearInterval(tick);
        console.log(Atomics.load(counters, 0), Atomics.load(counters, 1), results.join(','), ticks > 0);
      }
    });
  }
  let ticks = 0;
  const tick = setInterval(() => { ticks++; }, 5);
} else {
  const counters = new Int32Array(workerData.shared);
  let sum = 0;
  let rounds = 0;
  const step = () => {
    for (let i = 0; i < 20000; i++) {
      Atomics.add(counters, 0, 1);
      sum = (sum + i * (workerData.id + 1)) % 999983;
    }
    Atomics.add(counters, 1, 1);
    if (++rounds < 15) setTimeout(step, 1);
    else parentPort.postMessage({ id: workerData.id, sum });
  };
  step();
}
