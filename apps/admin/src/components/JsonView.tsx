import { Code, ScrollArea } from '@mantine/core';
import { prettyBody } from './pretty';

interface JsonViewProps {
  /** A value to print as JSON, or a body text (pretty-printed when it is JSON). */
  value: unknown;
  maxHeight?: number;
}

/** A JSON value or an HTTP body, pretty-printed in a scrollable block. */
export function JsonView({ value, maxHeight = 360 }: JsonViewProps) {
  const text = typeof value === 'string' ? prettyBody(value) : JSON.stringify(value, null, 2);
  return (
    <ScrollArea.Autosize mah={maxHeight} type="auto">
      <Code block>{text ?? 'null'}</Code>
    </ScrollArea.Autosize>
  );
}
