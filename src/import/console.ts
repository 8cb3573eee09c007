import type { DraftCommand, ImportPlatform, ImportShell, NoRunReason } from './draft.js';

/**
 * Reads one code block of a docs page: a command, a terminal transcript (prompts, commands, their
 * output), or output alone. Docs mark none of this reliably (the Microsoft seeds use ```none for
 * PowerShell, READMEs ```console with `$ `), so prompts decide first, then the fence, then the text.
 */

type CodePiece = { kind: 'command'; command: DraftCommand } | { kind: 'output'; text: string };

export interface BlockContext {
  /** Platform of commands whose block and prompt do not say. */
  platform: ImportPlatform;
  /** Platform of PowerShell blocks without a prompt that says. */
  powershellPlatform: ImportPlatform;
}

const POSIX_LANGS = ['sh', 'bash', 'shell', 'zsh', 'posix'];
const POWERSHELL_LANGS = ['powershell', 'pwsh', 'ps1', 'ps'];
const CMD_LANGS = ['cmd', 'bat', 'batch', 'dos'];
const OUTPUT_LANGS = ['text', 'txt', 'output', 'plaintext', 'log'];
const UNLABELLED = ['', 'none', 'console', 'terminal', 'shell-session', 'sh-session'];

const USER_HOST = String.raw`(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?|\[[\w.-]+@[\w.-]+[^\]]*\])`;
const POSIX_PROMPT = new RegExp(String.raw`^\s*(${USER_HOST}\s*)?([$#])\s+(\S.*)$`);
const BARE_POSIX_PROMPT = new RegExp(String.raw`^\s*(\$|${USER_HOST}\s*[$#])\s*$`);
// PS C:\>, PS C:\Users\me>, PS /root>, PS>, and [CONT]: PS C:\> inside a remote session.
const PS_PROMPT = /^\s*(\[[^\]\n]+\]:\s*)?PS(?:\s+([^>\n]*))?>\s?(.*)$/;
const CMD_PROMPT = /^\s*[A-Za-z]:\\[^>\n]*>\s?(\S.*)$/;

interface Prompt {
  shell: ImportShell;
  platform?: ImportPlatform;
  reason?: NoRunReason;
  rest: string;
}

function promptOf(line: string, lang: string): Prompt | undefined {
  const ps = PS_PROMPT.exec(line);
  if (ps) {
    const path = ps[2]?.trim();
    const platform = path ? (/^[/~]/.test(path) ? 'linux' : 'windows') : undefined;
    return { shell: 'powershell', ...(platform ? { platform } : {}), ...(ps[1] ? { reason: 'session' as const } : {}), rest: ps[3]! };
  }
  const cmd = CMD_PROMPT.exec(line);
  if (cmd)
    return { shell: 'powershell', platform: 'windows', ...(CMD_BUILTIN.test(cmd[1]!) ? { reason: 'cmd' as const } : {}), rest: cmd[1]! };
  if (POWERSHELL_LANGS.includes(lang)) return undefined; // `# …` is a comment there, `$x` a variable
  const sh = POSIX_PROMPT.exec(line);
  if (!sh) return undefined;
  // A bare `# ` is a root prompt in a transcript, but a comment in a script: ask for a command after it.
  if (sh[2] === '#' && !sh[1] && (POSIX_LANGS.includes(lang) || !looksLikeCommand(sh[3]!))) return undefined;
  return { shell: 'posix', platform: 'linux', rest: sh[3]! };
}

/** cmd.exe's own commands: they do not exist in PowerShell, where isolab runs Windows commands. */
const CMD_BUILTIN =
  /^(ver|dir|set|type|copy|del|erase|move|ren|rename|vol|mklink|cls|assoc|ftype|path|pushd|popd|title|color|md|rd|rmdir|call|goto|echo\s+%)\b/i;

const KNOWN_COMMANDS = new Set(
  `docker podman kubectl crictl ctr nerdctl runsc runc ps pgrep pidof pstree kill killall top
  unshare nsenter lsns chroot ls cat echo printf grep egrep awk sed cut head tail sort uniq wc tee cd pwd mkdir rm cp mv ln
  touch chmod chown find stat readlink mount umount ip ss ping curl wget uname id whoami hostname sleep env export source
  bash sh zsh pwsh powershell apt apt-get dnf yum apk snap systemctl service journalctl df du free lscpu findmnt tar git npm
  npx node python python3 make go sudo su which ipconfig netsh sconfig dism bcdedit wsl isolab dockerd containerd
  docker-compose cgcreate cgexec mkfs dd nproc lsblk modprobe lsmod sysctl`.split(/\s+/),
);

const PS_VERBS =
  'Get|Set|New|Remove|Start|Stop|Restart|Enter|Exit|Invoke|Add|Install|Uninstall|Enable|Disable|Import|Export|Select|Where|ForEach|Format|Out|Write|Test|Wait|Update|Register|Unregister|Convert|ConvertTo|ConvertFrom|Measure|Copy|Move|Rename|Clear|Resume|Suspend|Mount|Dismount|Find|Show|Read|Connect|Disconnect|Push|Pop|Sort|Tee|Compare|Group|Expand|Compress|Save|Use|Debug|Resolve|Split|Join|Receive|Send|Grant|Revoke|Unblock|Block|Initialize|Reset|Repair|Optimize|Sync|Publish|Request|Protect|Limit|Trace|Checkpoint|Restore|Backup';
const CMDLET = new RegExp(`^(${PS_VERBS})-[A-Za-z]\\w*$`, 'i');

/** Whether a line reads as something typed rather than printed. */
function looksLikeCommand(line: string): boolean {
  const t = line.trim();
  if (!t) return false;
  if (/^[\w.-]+\s+:\s/.test(t)) return false; // PowerShell's error: "get-process : Cannot find …"
  if (/^(\$[A-Za-z_][\w:]*\s*(=|\.|\|)|\.{1,2}[\\/]\S|&\s)/.test(t)) return true;
  const first = t.split(/\s+/)[0]!;
  return CMDLET.test(first) || KNOWN_COMMANDS.has(first);
}

const INTERACTIVE =
  /(^|\s)(-[a-ce-z]*(it|ti)[a-ce-z]*|-i\s+-t|-t\s+-i|--interactive\s+--tty|--tty\s+--interactive)(\s|$)|\bEnter-PSSession\b|\bdocker\s+attach\b|\b(unshare|nsenter|chroot)\b.*\s(sh|bash|zsh|ash)\s*$/m;
// The Containers module of the Windows Server 2016 previews and the script that set up its hosts.
const RETIRED =
  /\b(New|Set|Get|Start|Stop|Remove)-Container\b|\b(Get|New|Remove|Install|Test)-ContainerImage\b|\bGet-ComputeProcess\b|\b(Enter-PSSession|Invoke-Command)\b[^\n]*-ContainerId\b|\bNew-ContainerHost\.ps1\b|\bInstall-ContainerOSImage\b|\bGet-ContainerNetworkAdapter\b/i;

function norunReason(code: string, prompt?: NoRunReason): NoRunReason | undefined {
  if (prompt) return prompt;
  if (RETIRED.test(code)) return 'retired';
  if (INTERACTIVE.test(code)) return 'interactive';
  return undefined;
}

/** Lines of a script that no command list knows: comments, keywords, closing brackets, variables. */
const SCRIPT_LINE =
  /^\s*(#|\/\/|\}|\)|\$|(fi|done|esac|end|if|for|foreach|while|until|case|function|param|try|catch|finally|do|switch|return|then|else)\b)/;

/**
 * `afterCommand`: the block follows a command's block with nothing between them. An unlabelled block
 * there is that command's output, whatever its first line looks like (`cat run.sh` prints commands).
 */
export function readCodeBlock(info: string, text: string, ctx: BlockContext, afterCommand = false): CodePiece[] {
  const { lang, output } = fenceInfo(info);
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (!output && lines.some((l) => promptOf(l, lang))) return transcript(lines, lang, ctx);
  const firstLine = lines.find((l) => l.trim()) ?? '';
  if (output || OUTPUT_LANGS.includes(lang) || (afterCommand && UNLABELLED.includes(lang))) return outputPiece(lines);
  let shell: ImportShell;
  let platform: ImportPlatform;
  if (POSIX_LANGS.includes(lang)) [shell, platform] = ['posix', 'linux'];
  else if (POWERSHELL_LANGS.includes(lang)) [shell, platform] = ['powershell', ctx.powershellPlatform];
  else if (CMD_LANGS.includes(lang)) [shell, platform] = ['powershell', 'windows'];
  else if (looksLikeCommand(firstLine)) [shell, platform] = [ctx.platform === 'windows' ? 'powershell' : 'posix', ctx.platform];
  else return outputPiece(lines);
  // The seeds' shape: the command, a blank line, then what it printed.
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() || i === 0) continue;
    const next = lines.slice(i).find((l) => l.trim());
    if (next !== undefined && !looksLikeCommand(next) && !SCRIPT_LINE.test(next)) {
      end = i;
      break;
    }
  }
  const code = trimBlank(lines.slice(0, end)).join('\n');
  const reason = norunReason(code, CMD_LANGS.includes(lang) && CMD_BUILTIN.test(code) ? 'cmd' : undefined);
  return [{ kind: 'command', command: { code, shell, platform, ...(reason ? { norun: reason } : {}) } }, ...outputPiece(lines.slice(end))];
}

function fenceInfo(info: string): { lang: string; output: boolean } {
  const m = /^([^\s{]*)\s*(?:\{([^}]*)\})?/.exec(info.trim());
  return { lang: (m?.[1] ?? '').toLowerCase(), output: /(^|\s)output(\s|$)/.test(m?.[2] ?? '') };
}

interface Typed {
  prompt: Prompt;
  lines: string[];
  output: string[];
}

/** A transcript: each prompt starts a command; lines after it, up to the next prompt, are its output. */
function transcript(lines: string[], lang: string, ctx: BlockContext): CodePiece[] {
  const pieces: CodePiece[] = [];
  const before: string[] = [];
  const typed: Typed[] = [];
  for (const line of lines) {
    const cur = typed[typed.length - 1];
    if (cur && cur.output.length === 0 && continues(cur, line)) {
      cur.lines.push(line.replace(cur.prompt.shell === 'powershell' ? /^\s*>>\s?/ : /^\s*>\s?/, ''));
      continue;
    }
    const prompt = promptOf(line, lang);
    // The prompt left waiting at the end of a session.
    if ((prompt && !prompt.rest.trim()) || BARE_POSIX_PROMPT.test(line)) continue;
    if (prompt) typed.push({ prompt, lines: [prompt.rest], output: [] });
    else if (cur) cur.output.push(line);
    else before.push(line);
  }
  pieces.push(...outputPiece(before));
  // Commands that print nothing run with the next one: `cd x` then `make`, a job then `pgrep`.
  let group: Typed[] = [];
  for (const t of typed) {
    group.push(t);
    const last = t === typed[typed.length - 1];
    const sameKind = (o: Typed | undefined) =>
      o && o.prompt.shell === t.prompt.shell && o.prompt.platform === t.prompt.platform && o.prompt.reason === t.prompt.reason;
    const next = typed[typed.indexOf(t) + 1];
    if (!last && !trimBlank(t.output).length && sameKind(next)) continue;
    const code = group.map((g) => g.lines.join('\n').replace(/\s+$/, '')).join('\n');
    const reason = norunReason(code, t.prompt.reason);
    const platform = t.prompt.platform ?? ctx.powershellPlatform;
    pieces.push({ kind: 'command', command: { code, shell: t.prompt.shell, platform, ...(reason ? { norun: reason } : {}) } });
    pieces.push(...outputPiece(t.output));
    group = [];
  }
  return pieces;
}

function continues(cur: Typed, line: string): boolean {
  const last = cur.lines[cur.lines.length - 1]!;
  if (cur.prompt.shell === 'powershell') return /`\s*$/.test(last) || /\|\s*$/.test(last) || /^\s*>>(\s|$)/.test(line);
  // `\`, a trailing pipe or &&, or the `> ` prompt of a here-document or an open quote.
  return /(\\|\||&&)\s*$/.test(last) || (/^\s*>(\s|$)/.test(line) && /<<|^[^']*'[^']*$|^[^"]*"[^"]*$/.test(cur.lines.join('\n')));
}

function outputPiece(lines: string[]): CodePiece[] {
  const kept = trimBlank(lines);
  return kept.length ? [{ kind: 'output', text: kept.join('\n') }] : [];
}

/** Drops blank lines at both ends and trailing spaces, keeping the indentation tables rely on. */
function trimBlank(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && !lines[a]!.trim()) a++;
  while (b > a && !lines[b - 1]!.trim()) b--;
  return lines.slice(a, b).map((l) => l.replace(/\s+$/, ''));
}
