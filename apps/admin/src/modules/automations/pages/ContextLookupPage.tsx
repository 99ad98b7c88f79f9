import { useLazyQuery } from '@apollo/client/react';
import { Button, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconArrowLeft, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useEffect } from 'react';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { JsonView } from '../../../components/JsonView';
import { PageHeader } from '../../../components/PageHeader';
import { formatTime } from '../../../components/pretty';
import { CONTEXT_DATA } from '../graphql/automations.operations';

/** /automations/context?subject=…: what automations kept (storeAs) about a subject. */
export function ContextLookupPage() {
  const [params, setParams] = useSearchParams();
  const subject = params.get('subject') ?? '';
  const [text, setText] = useState(subject);
  const [lookUp, { data, loading, error, called }] = useLazyQuery(CONTEXT_DATA, { fetchPolicy: 'network-only' });

  useEffect(() => {
    if (subject) void lookUp({ variables: { subject } });
  }, [subject, lookUp]);

  const records = data?.contextData ?? [];
  return (
    <>
      <PageHeader
        title="Context lookup"
        description="Automations with “Store as” keep the outputs of their action about a subject, such as a customer's email. Look a subject up to see what was kept and when."
        actions={
          <Button component={Link} to="/automations" variant="subtle" leftSection={<IconArrowLeft size={16} />}>
            All automations
          </Button>
        }
      />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim()) setParams({ subject: text.trim() });
        }}
      >
        <Group align="flex-end" mb="lg">
          <TextInput label="Subject" placeholder="ada@example.com" value={text} onChange={(event) => setText(event.currentTarget.value)} w={420} />
          <Button type="submit" leftSection={<IconSearch size={16} />} loading={loading} disabled={!text.trim()}>
            Look up
          </Button>
        </Group>
      </form>
      {error && <ErrorAlert error={error} />}
      {called && !loading && !error && records.length === 0 && (
        <EmptyState title={`Nothing kept about “${subject}”`}>
          No automation has stored data for this subject yet. The subject must match exactly what the automation&apos;s subject template rendered (for example the email as it
          appears in the event).
        </EmptyState>
      )}
      {!called && !subject && (
        <Text c="dimmed" size="sm">
          Enter a subject, exactly as an automation&apos;s subject template renders it.
        </Text>
      )}
      {records.length > 0 && (
        <Paper withBorder>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={180}>Stored as</Table.Th>
                <Table.Th>Data</Table.Th>
                <Table.Th w={220}>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {records.map((record) => (
                <Table.Tr key={record.name}>
                  <Table.Td>
                    <Stack gap={0}>
                      <Text fw={500}>{record.name}</Text>
                      <Text size="xs" c="dimmed">
                        {`{{ context.${record.name}.… }}`}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <JsonView value={record.data} maxHeight={240} />
                  </Table.Td>
                  <Table.Td>{formatTime(record.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </>
  );
}
