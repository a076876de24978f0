import fs from 'node:fs';
import { openEventDatabase } from './dist/store/sqlite/schema.js';
import { SqliteWrites } from './dist/store/sqlite/writes.js';
import { DEFAULT_STORE_LIMITS } from './dist/store/limits.js';
const drop = (process.argv[2] ?? '').split(',').filter(Boolean);
const file = '/tmp/wb3.db'; for (const s of ['','-wal','-shm']) fs.rmSync(file+s,{force:true});
const db = openEventDatabase(file);
for (const i of drop) db.exec(`DROP ${i.startsWith('trig') ? 'TRIGGER' : 'INDEX'} ${i.replace(/^trig:/,'')}`);
const w = new SqliteWrites(db, DEFAULT_STORE_LIMITS);
const body = fs.readFileSync('/work/shared/fixtures/vendors/clarky/booking_confirmed.json');
const env = JSON.stringify({ data: JSON.parse(body), pad: 'x'.repeat(1000) });
let n = 0; const pending = []; const time = {append:0, record:0, commit:0};
const B = 300;
for (let b = 0; b < B; b++) {
  let ta=0n, tr=0n;
  db.prepare('BEGIN').run();
  for (let i = 0; i < 10; i++) {
    n++; const id = `evt_${String(n).padStart(26,'0')}`; const now = Date.now();
    const a0 = process.hrtime.bigint();
    w.apply('append', { row: { id, source_id: 'src_1', vendor: 'clarky', type: 'clarky.booking.confirmed', received_at: new Date(now).toISOString(), received_ms: now, envelope: env, raw_method: 'POST', raw_content_type: 'application/json', raw_body: body }, keys: [], deliveries: [1,2,3].map((h) => ({ id: `dlv_${String(n).padStart(20,'0')}_${h}`, hook_id: `hook_${h}`, trigger: 'scheduled' })), nowMs: now });
    ta += process.hrtime.bigint() - a0;
    for (const h of [1,2,3]) pending.push({ d: `dlv_${String(n).padStart(20,'0')}_${h}`, h, e: id });
  }
  const r0 = process.hrtime.bigint();
  while (pending.length > 30) {
    const { d, h, e } = pending.shift(); const now = Date.now();
    w.apply('recordAttempt', { write: { attempt: { id: `att_${d}`, delivery_id: d, hook_id: `hook_${h}`, event_id: e, number: 1, trigger: 'scheduled', started_at: new Date(now).toISOString(), duration_ms: 2, outcome: 'success', status_code: 200, error: null, target_url: 'http://127.0.0.1/x', response_headers: {'content-type':'text/plain'}, response_body: 'ok', next_attempt_at: null }, status: 'succeeded', countsInCycle: true, nextMs: NaN }, nowMs: now });
  }
  tr += process.hrtime.bigint() - r0;
  const c0 = process.hrtime.bigint(); db.prepare('COMMIT').run();
  time.commit += Number(process.hrtime.bigint() - c0); time.append += Number(ta); time.record += Number(tr);
}
const per = Object.fromEntries(Object.entries(time).map(([k,v]) => [k, Math.round(v/B/1000)]));
console.log((drop.join(',')||'none').padEnd(60), JSON.stringify(per), 'total', per.append+per.record+per.commit);
