// Runs loss.test.mjs inside a network namespace whose loopback drops 5 % of UDP packets in
// each direction (nftables at the netdev egress hook of `lo`, as ../shared TESTING-NOTES
// describes: this kernel has no netem). The server, the browser and the test all run in the
// namespace, so every media packet crosses the lossy loopback. Needs root (ip netns, nft).
import { spawnSync, execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ns = `meet-loss-${process.pid}`;
const lossPerMille = Number(process.env.MEET_LOSS_PER_MILLE ?? 50);
const rules = `table netdev loss {
  chain egress {
    type filter hook egress device "lo" priority 0;
    meta l4proto udp numgen random mod 1000 < ${lossPerMille} counter drop
  }
}
`;

function run(cmd, args, input) {
  execFileSync(cmd, args, { input, stdio: ['pipe', 'inherit', 'inherit'] });
}

let code = 1;
try {
  run('ip', ['netns', 'add', ns]);
  run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  run('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], rules);
  const res = spawnSync('ip', ['netns', 'exec', ns, process.execPath, '--test', path.join(here, 'loss.test.mjs')], {
    stdio: 'inherit',
    env: { ...process.env, MEET_LOSS_PER_MILLE: String(lossPerMille) },
  });
  code = res.status ?? 1;
  const counted = execFileSync('ip', ['netns', 'exec', ns, 'nft', 'list', 'ruleset'], { encoding: 'utf8' }).match(/packets (\d+)/);
  console.log(`loss: nftables dropped ${counted ? counted[1] : '?'} UDP packets on the namespace's loopback`);
} catch (err) {
  console.error(`loss test could not set up its network namespace (needs root, iproute2, nftables): ${err.message}`);
} finally {
  spawnSync('ip', ['netns', 'del', ns]);
}
process.exit(code);
