import { TagsInput, type TagsInputProps } from '@mantine/core';

interface EventPatternsInputProps extends Omit<TagsInputProps, 'data'> {
  /** The workspace's event catalogue, offered while typing. */
  eventTypes: readonly string[];
}

/** Event patterns (`ticket.created`, `ticket.*`, `message.**`, `*`), with the catalogue's types offered. */
export function EventPatternsInput({ eventTypes, description, ...rest }: EventPatternsInputProps) {
  return (
    <TagsInput
      data={[...eventTypes]}
      clearable
      acceptValueOnBlur
      limit={30}
      maxDropdownHeight={280}
      splitChars={[',', ' ']}
      description={
        description ?? 'An event type from the catalogue, or a pattern: "ticket.*" (one segment), "message.**" (one or more), "*" (every event). Press Enter after each.'
      }
      {...rest}
    />
  );
}
