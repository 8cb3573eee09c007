import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A docker CLI that keeps its containers in a file (id, names, image, label: the columns isolab
 * asks `docker ps` for) and logs every call, so a test sees what isolab asked and what is left.
 * With `refuseRemoval`, `docker rm` fails as a daemon that will not remove them does.
 */
export function fakeDocker(dir: string, opts: { refuseRemoval?: boolean } = {}): string {
  writeFileSync(join(dir, 'containers'), '');
  const refuse = opts.refuseRemoval ? 'echo "Error response from daemon: permission denied" >&2; exit 1' : ':';
  const script = `#!/bin/sh
echo "$*" >> "${dir}/calls"
state="${dir}/containers"
case "$1" in
  run)
    name=; label=; shift
    while [ $# -gt 0 ]; do
      case "$1" in
        --name) name=$2; shift ;;
        --label) label=\${2#isolab.run=}; shift ;;
      esac
      shift
    done
    id=$(printf '%s' "$name" | cksum | cut -d' ' -f1)
    printf '%s\\t%s\\tbusybox\\t%s\\n' "$id" "$name" "$label" >> "$state"
    echo "$id" ;;
  ps)
    case "$*" in
      *-q*) cut -f1 "$state" ;;
      *'{{.ID}}'*) cat "$state" ;;
      *) cut -f2,4 "$state" ;;
    esac ;;
  rm)
    ${refuse}
    shift; [ "$1" = -f ] && shift
    for n in "$@"; do grep -v "	$n	" "$state" > "$state.new"; mv "$state.new" "$state"; echo "$n"; done ;;
esac
exit 0
`;
  writeFileSync(join(dir, 'docker'), script);
  chmodSync(join(dir, 'docker'), 0o755);
  return dir;
}
