import { beforeAll, expect, test } from 'vitest';
import { loadMarkdown, renderMarkdown } from '../../../src/ui/render/markdown.js';
import { displayWidth } from '../../../src/ui/render/wrap.js';

/**
 * A list item written over several lines in the lab file is one paragraph: it is reflowed to the
 * pane like any other, not broken where the author's editor broke it ("… The kernel" / "fences them
 * in …" left half a line empty at 80 columns).
 */
beforeAll(() => loadMarkdown());

const item = `- **Process isolation.** The container's programs are ordinary processes of the host. The kernel
  fences them in (namespaces decide what they can see, resource controls decide how much they may
  use), but there is only one kernel, and every container on the host shares it.
- Second item.`;

test.each([80, 60])('at %i columns a list item written over several lines fills each line before it wraps', (width) => {
  const lines = renderMarkdown(item, width, false);
  const first = lines.slice(
    0,
    lines.findIndex((l) => l.includes('Second item')),
  );
  expect(first.length).toBeGreaterThan(1);
  for (let i = 0; i < first.length - 1; i++) {
    const next = first[i + 1]!.trim().split(' ')[0]!;
    // Greedy: the next line's first word would not have fitted on this one.
    expect(displayWidth(first[i]!) + 1 + displayWidth(next), `${first[i]}\n${first[i + 1]}`).toBeGreaterThan(width);
  }
});

test('a line break inside Chinese in a list item joins without a space; between Latin words, with one', () => {
  const lines = renderMarkdown('- 容器的程序是\n  主机的普通进程。\n- a\n  b', 60, false);
  expect(lines.join('\n')).toContain('容器的程序是主机的普通进程。');
  expect(lines.join('\n')).toContain('a b');
});
