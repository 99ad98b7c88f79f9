import { Accordion, Anchor, Badge, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useViewer } from '../../../app/viewer';
import { JsonView } from '../../../components/JsonView';

export interface CatalogueEntry {
  name: string;
  description: string | null;
  example: unknown;
  schema: unknown;
}

/**
 * One type of the catalogue: its description, and when opened its example payload and schema.
 * "Publish" asks the page (`onPublish`), which keeps the one publish modal outside the accordion.
 */
export function EventTypeItem({ type, onPublish }: { type: CatalogueEntry; onPublish: (type: string) => void }) {
  const { can } = useViewer();
  return (
    <Accordion.Item value={type.name}>
      <Accordion.Control aria-label={type.name}>
        <Group gap="sm" wrap="nowrap">
          <Text ff="monospace" fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>
            {type.name}
          </Text>
          <Text size="sm" c="dimmed" lineClamp={1}>
            {type.description}
          </Text>
          {type.schema !== null && (
            <Badge variant="light" color="gray" size="xs" style={{ flexShrink: 0 }}>
              schema
            </Badge>
          )}
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="sm">
          {type.description && <Text size="sm">{type.description}</Text>}
          <SimpleGrid cols={{ base: 1, md: type.schema !== null ? 2 : 1 }}>
            <Stack gap={4}>
              <Text size="xs" c="dimmed">
                Example payload
              </Text>
              {type.example !== null ? <JsonView value={type.example} /> : <Text size="sm">No example registered.</Text>}
            </Stack>
            {type.schema !== null && (
              <Stack gap={4}>
                <Text size="xs" c="dimmed">
                  JSON schema
                </Text>
                <JsonView value={type.schema} />
              </Stack>
            )}
          </SimpleGrid>
          <Group gap="sm">
            {can.edit && (
              <Button leftSection={<IconSend size={16} />} variant="light" size="xs" onClick={() => onPublish(type.name)}>
                Publish {type.name}
              </Button>
            )}
            <Anchor component={Link} to={`/events/recent?type=${encodeURIComponent(type.name)}`} size="sm">
              Recent {type.name} events
            </Anchor>
          </Group>
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}
