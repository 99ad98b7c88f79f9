import { Accordion, Code, List, Stack, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { FilterField } from '../../../components/FilterField';
import type { WebhookFormValues } from '../webhook-form';

const EXAMPLES = [
  { filter: '{"ticket.priority": {"$in": ["high", "urgent"]}}', meaning: 'only high and urgent tickets' },
  { filter: '{"message.channel": "whatsapp", "message.direction": {"$neq": "outbound"}}', meaning: 'inbound WhatsApp messages' },
  { filter: '{"$or": [{"ticket.tags": "vip"}, {"ticket.customer.email": {"$regex": "@acme\\\\.com$", "$options": "i"}}]}', meaning: 'VIP tickets or Acme customers' },
];

/** The optional payload filter, as JSON, with the language explained beside it. */
export function FilterEditor({ form }: { form: UseFormReturnType<WebhookFormValues> }) {
  return (
    <Stack gap="xs">
      <FilterField
        label="Filter"
        description="Optional. Only events whose payload matches are delivered. Empty: every matching event."
        placeholder='{"ticket.priority": "urgent"}'
        minRows={3}
        maxRows={14}
        {...form.getInputProps('filterText')}
      />
      <Accordion variant="contained" chevronPosition="left">
        <Accordion.Item value="syntax">
          <Accordion.Control>
            <Text size="sm">How filters work</Text>
          </Accordion.Control>
          <Accordion.Panel>
            <Stack gap="xs">
              <Text size="sm">
                Keys are dotted paths into the payload (<Code>ticket.customer.email</Code>, <Code>items.0.id</Code>). A plain value means
                equality (also when the payload holds an array containing it); an object of operators tests the value; several keys must
                all hold. A missing field equals nothing.
              </Text>
              <Text size="sm">
                Operators: <Code>$eq</Code> <Code>$neq</Code> <Code>$gt</Code> <Code>$gte</Code> <Code>$lt</Code> <Code>$lte</Code>{' '}
                <Code>$in</Code> <Code>$nin</Code> <Code>$exists</Code> <Code>$regex</Code> (with <Code>$options</Code> such as{' '}
                <Code>&quot;i&quot;</Code>), and <Code>$and</Code> <Code>$or</Code> <Code>$not</Code> to combine conditions.
              </Text>
              <List size="sm" spacing={4}>
                {EXAMPLES.map((example) => (
                  <List.Item key={example.filter}>
                    <Code>{example.filter}</Code> — {example.meaning}
                  </List.Item>
                ))}
              </List>
              <Text size="xs" c="dimmed">
                The filter is checked as you type and again when you save; a mistake is reported with its exact place.
              </Text>
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Stack>
  );
}
