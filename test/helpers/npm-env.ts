import { execFileSync } from 'node:child_process';

/**
 * The registry, CA and proxy settings the user's own npm has, as `npm_config_*` variables for a child
 * npm or pnpm that runs with a reduced environment (or on another Node, whose prefix holds no global
 * npmrc). Without them a machine behind a TLS-inspecting proxy fails with SELF_SIGNED_CERT_IN_CHAIN,
 * and a test passes only where npm's cache already held what it needed.
 */
const KEYS = ['registry', 'cafile', 'ca', 'strict-ssl', 'proxy', 'https-proxy', 'noproxy', 'userconfig', 'globalconfig'] as const;

let cached: Record<string, string> | undefined;

export function npmChildEnv(): Record<string, string> {
  if (cached) return cached;
  const env: Record<string, string> = {};
  for (const key of KEYS) {
    let value = '';
    try {
      value = execFileSync('npm', ['config', 'get', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      continue;
    }
    if (value && value !== 'null' && value !== 'undefined') env[`npm_config_${key.replace(/-/g, '_')}`] = value;
  }
  // Node itself (pnpm's fetches, npm's on another Node) trusts the same extra CAs as the user's.
  for (const name of ['NODE_EXTRA_CA_CERTS', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy']) {
    const v = process.env[name];
    if (v) env[name] = v;
  }
  cached = env;
  return env;
}
