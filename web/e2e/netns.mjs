// A page on its own network: a network namespace joined to the root namespace by a veth pair
// (hostIp on the root side, nsIp inside), and a Chromium started inside it. Needs root; the
// tests that use it skip without. Names carry each test's prefix so runs never collide.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromiumPath } from './harness.mjs';

// Runs a command; its stderr in the error. `quiet`: failures return ''.
export function sh(cmd, args, { quiet = false, input } = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  } catch (err) {
    if (quiet) return '';
    throw new Error(`${cmd} ${args.join(' ')}: ${err.stderr || err.message}`);
  }
}

export class VethNamespace {
  constructor({ ns, hostIf, nsIf, hostIp, nsIp }) {
    Object.assign(this, { ns, hostIf, nsIf, hostIp, nsIp });
    this.wrapperDir = undefined;
  }

  // Creates the namespace and the /30 link, after removing what a killed run left.
  setup() {
    this.teardown();
    const { ns, hostIf, nsIf, hostIp, nsIp } = this;
    sh('ip', ['netns', 'add', ns]);
    sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    sh('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
    sh('ip', ['link', 'set', nsIf, 'netns', ns]);
    sh('ip', ['addr', 'add', `${hostIp}/30`, 'dev', hostIf]);
    sh('ip', ['link', 'set', hostIf, 'up']);
    sh('ip', ['-n', ns, 'addr', 'add', `${nsIp}/30`, 'dev', nsIf]);
    sh('ip', ['-n', ns, 'link', 'set', nsIf, 'up']);
  }

  teardown() {
    sh('ip', ['link', 'del', this.hostIf], { quiet: true });
    sh('ip', ['netns', 'del', this.ns], { quiet: true });
    if (this.wrapperDir) rmSync(this.wrapperDir, { recursive: true, force: true });
    this.wrapperDir = undefined;
  }

  // An executable for playwright's `executablePath` that runs Chromium inside the namespace.
  chromiumWrapper() {
    this.wrapperDir = mkdtempSync(path.join(tmpdir(), `${this.ns}-chromium-`));
    const wrapper = path.join(this.wrapperDir, 'chromium-in-netns');
    writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${this.ns} ${chromiumPath} "$@"\n`);
    chmodSync(wrapper, 0o755);
    return wrapper;
  }
}
