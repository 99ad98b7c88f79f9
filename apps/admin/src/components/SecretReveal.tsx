import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface SecretRevealProps {
  label: string;
  secret: string;
  /** What to do with it, above the secret; by default for secrets that code uses (keys, signing secrets). */
  explanation?: ReactNode;
  /** Under the secret: e.g. how to verify signatures with it. */
  children?: ReactNode;
}

/** A secret the API returns once: shown with a copy button and a warning that it won't be shown again. */
export function SecretReveal({ label, secret, explanation = 'This is the only time it is shown. Store it where your code can read it.', children }: SecretRevealProps) {
  return (
    <Alert color="yellow" icon={<IconKey size={18} />} title={`${label}: copy it now`}>
      <Stack gap="xs">
        <Text size="sm">{explanation}</Text>
        <Group gap="xs" wrap="nowrap">
          <Code data-testid="secret-value" style={{ wordBreak: 'break-all' }}>
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy'}>
                <ActionIcon variant="light" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        {children}
      </Stack>
    </Alert>
  );
}
