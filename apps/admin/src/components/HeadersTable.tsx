import { Table, Text } from '@mantine/core';

interface HeadersTableProps {
  headers: ReadonlyArray<{ name: string; value: string }>;
  /** The table's accessible name, e.g. "Request headers". */
  label: string;
}

/** The headers of a logged HTTP request or response (delivery attempts, action tests), in order. */
export function HeadersTable({ headers, label }: HeadersTableProps) {
  if (headers.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No headers.
      </Text>
    );
  }
  return (
    <Table withTableBorder withColumnBorders verticalSpacing={4} fz="xs" aria-label={label}>
      <Table.Tbody>
        {headers.map((header, index) => (
          <Table.Tr key={`${header.name}-${index}`}>
            <Table.Td ff="monospace" w="32%">
              {header.name}
            </Table.Td>
            <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>
              {header.value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
