// The ceiling for this stack: node:http that reads the body, parses the same JSON and answers 202.
import http from 'node:http';

const port = Number(process.argv[2] ?? 0);
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let parsed;
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const body = JSON.stringify({ event_id: `evt_${parsed ? 'x' : 'y'}`, duplicate: false });
    res.writeHead(202, { 'content-type': 'application/json' }).end(body);
  });
});
server.keepAliveTimeout = 5000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
// Exits when its stdin closes (the orchestrator went away).
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
