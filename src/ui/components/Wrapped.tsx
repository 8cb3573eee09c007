import { Text, type TextProps } from 'ink';
import { wrapLine } from '../render/wrap.js';
import { useLook } from '../theme.js';

/**
 * A sentence wrapped by isolab's own line breaker to the terminal's width less `indent` (the columns
 * the boxes around it take), rather than by ink's: ink keeps the space it breaks at, so each wrapped
 * line began one column further right ("redone;" / " you will be told which."), and it breaks
 * Chinese only at spaces. Lines that already fit are not wrapped again by ink.
 */
export function Wrapped({ children, indent = 0, ...props }: { children: string; indent?: number } & Omit<TextProps, 'children'>) {
  const { columns } = useLook();
  return <Text {...props}>{wrapLine(children, Math.max(10, columns - indent)).join('\n')}</Text>;
}
