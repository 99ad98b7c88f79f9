import { Badge, Group, Modal, Stack, Text } from '@mantine/core';
import type { TestCredentialMutation } from '../../../generated/graphql';
import { ExchangeView } from './ExchangeView';

interface CredentialTestModalProps {
  /** The credential tested and its result; null closes the modal. */
  test: { credentialName: string; result: TestCredentialMutation['testCredential'] } | null;
  onClose: () => void;
}

/** What the test request sent with a credential and what came back (credential values masked). */
export function CredentialTestModal({ test, onClose }: CredentialTestModalProps) {
  return (
    <Modal opened={test !== null} onClose={onClose} title={test ? `Test of “${test.credentialName}”` : ''} size="xl">
      {test && (
        <Stack gap="sm">
          <Group gap="sm">
            <Badge color={test.result.ok ? 'teal' : 'red'} size="lg" variant="light" data-testid="credential-test-outcome">
              {test.result.ok ? 'Passed' : 'Failed'}
            </Badge>
            <Text size="sm" c="dimmed">
              {test.result.ok
                ? 'The API accepted the credential. Check that the status and body are what you expect.'
                : 'Check the test request, or the values of this credential.'}
            </Text>
          </Group>
          <ExchangeView exchange={test.result.exchange} />
        </Stack>
      )}
    </Modal>
  );
}
