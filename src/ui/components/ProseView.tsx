import { Box, Text, useBoxMetrics, type DOMElement } from 'ink';
import { useEffect, useRef } from 'react';
import { useLook } from '../theme.js';

/**
 * The step's prose in a viewport that gives up height first when the screen is short; the learner
 * scrolls it with space / b, a viewport at a time. Reports how far it can scroll and the viewport's
 * height, so the keys page exactly and stop at the end.
 */
export interface ProseLine {
  text: string;
  dim?: boolean;
}

export function ProseView({ lines, scroll, onMeasure }: { lines: readonly ProseLine[]; scroll: number; onMeasure: (max: number, page: number) => void }) {
  const { t } = useLook();
  const viewport = useRef<DOMElement>(null);
  const content = useRef<DOMElement>(null);
  const view = useBoxMetrics(viewport);
  const full = useBoxMetrics(content);
  const max = view.hasMeasured && full.hasMeasured ? Math.max(0, full.height - view.clientHeight) : 0;
  const top = Math.min(scroll, max);
  useEffect(() => onMeasure(max, Math.max(1, view.clientHeight)), [max, view.clientHeight, onMeasure]);
  if (!lines.length) return null;
  return (
    // Both boxes hold a minimum: a squeezed outer box would let the text spill over what follows.
    <Box flexDirection="column" flexShrink={1} minHeight={Math.min(lines.length, 2) + (max > 0 ? 1 : 0)}>
      <Box ref={viewport} flexDirection="column" flexShrink={1} minHeight={Math.min(lines.length, 2)} overflow="hidden" contentOffsetY={top}>
        <Box ref={content} flexDirection="column" flexShrink={0}>
          {lines.map((l, i) => <Text key={i} dimColor={!!l.dim}>{l.text || ' '}</Text>)}
        </Box>
      </Box>
      {max > 0 && (
        <Box flexShrink={0}>
          <Text dimColor>{top < max ? `↓ ${t('ui.prose.more', { shown: top + view.clientHeight, total: full.height })}` : `↑ ${t('ui.prose.end')}`}</Text>
        </Box>
      )}
    </Box>
  );
}
