import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClassData } from './data.js';

/**
 * The dashboard page. Live, the server sends it with its script and style as files of their own, so
 * the content security policy allows no inline code at all. Merged offline (`class merge --out
 * x.html`), it is one file: the same script and style inline, allowed by their hashes in a CSP meta
 * tag, and the class's data in a JSON block that is never run.
 */

export interface DashboardAssets {
  js: string;
  css: string;
}

/** dist/class/dashboard.{js,css}, built by scripts/build.mjs (one folder above both src/class/ and dist/chunks/). */
export function dashboardAssets(): DashboardAssets {
  const dir = new URL('../../dist/class/', import.meta.url);
  const js = fileURLToPath(new URL('dashboard.js', dir));
  const css = fileURLToPath(new URL('dashboard.css', dir));
  if (!existsSync(js) || !existsSync(css)) throw new Error(`the dashboard is not built (${js}): run "npm run build"`);
  return { js: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') };
}

export const LIVE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function livePage(locale: string): string {
  return `<!doctype html>
<html lang="${escapeAttr(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>isolab</title>
<link rel="icon" href="icon.svg">
<link rel="stylesheet" href="app.css">
<script src="app.js" defer></script>
</head>
<body><main id="app"></main></body>
</html>
`;
}

/** JSON that can sit inside a <script> block: nothing in it can end the block or start a comment. */
function inertJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

export function offlinePage(data: ClassData, assets: DashboardAssets): string {
  // A script cannot contain "</script" and stay one script; the bundle has none, but be sure.
  const js = assets.js.replace(/<\/(script)/gi, '<\\/$1');
  const css = assets.css.replace(/<\/(style)/gi, '<\\/$1');
  const csp = `default-src 'none'; script-src ${sha256(js)}; style-src ${sha256(css)}; img-src 'none'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="${escapeAttr(data.locale)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>isolab</title>
<style>${css}</style>
<script type="application/json" id="class-data">${inertJson(data)}</script>
</head>
<body><main id="app"></main><script>${js}</script></body>
</html>
`;
}
