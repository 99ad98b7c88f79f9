import { Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { BODY_TYPES, HTTP_METHODS, newRow, type RequestDraft } from '../request-draft';
import { NO_TEMPLATE_VARIABLES } from '../template-variables';
import { TemplateInput } from '../../../components/TemplateInput';
import type { PlaceholderGroup } from '../../../components/template-placeholders';
import { KeyValueRows } from './KeyValueRows';

interface RequestBuilderProps<V extends { request: RequestDraft }> {
  /** A form holding the request under `request` (action editor, test request step). */
  form: UseFormReturnType<V>;
  variables: readonly PlaceholderGroup[];
  readOnly?: boolean;
}

type RowList = 'query' | 'headers' | 'form';

/** The form's setters with paths as plain strings (the builder only writes under `request`). */
interface RequestSetters {
  setFieldValue(path: string, value: unknown): void;
  insertListItem(path: string, item: unknown): void;
  removeListItem(path: string, index: number): void;
}

/**
 * Method, URL, query parameters, headers and body of a request template; every field that may hold
 * a template has a "+" menu with the declared inputs and auth fields.
 */
export function RequestBuilder<V extends { request: RequestDraft }>({ form, variables, readOnly }: RequestBuilderProps<V>) {
  const request = form.getValues().request;
  // Paths under a generic form's `request` are not resolvable by @mantine/form's path types.
  const set = form as unknown as RequestSetters;
  const error = (path: string) => form.errors[`request.${path}`];

  function rows(list: RowList, noun: string) {
    return (
      <KeyValueRows
        noun={noun}
        rows={request[list]}
        variables={variables}
        readOnly={readOnly}
        onChange={(index, part, value) => set.setFieldValue(`request.${list}.${index}.${part}`, value)}
        onAdd={() => set.insertListItem(`request.${list}`, newRow())}
        onRemove={(index) => set.removeListItem(`request.${list}`, index)}
        error={(index, part) => error(`${list}.${index}.${part}`)}
      />
    );
  }

  return (
    <Stack gap="md">
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <Select
          label="Method"
          data={[...HTTP_METHODS]}
          value={request.method}
          onChange={(value) => value && set.setFieldValue('request.method', value)}
          error={error('method')}
          allowDeselect={false}
          readOnly={readOnly}
          w={130}
        />
        <div style={{ flex: 1 }}>
          <TemplateInput
            label="URL"
            withAsterisk
            placeholder="https://api.example.com/v1/validations/{{ input.validation_id }}"
            value={request.url}
            onChange={(value) => set.setFieldValue('request.url', value)}
            error={error('url')}
            placeholders={variables}
            emptyHint={NO_TEMPLATE_VARIABLES}
            readOnly={readOnly}
          />
        </div>
      </Group>

      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Query parameters
        </Text>
        {rows('query', 'Query parameter')}
      </Stack>

      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Headers
        </Text>
        {rows('headers', 'Header')}
      </Stack>

      <Stack gap={4}>
        <Text size="sm" fw={500} id="body-type-label">
          Body
        </Text>
        <SegmentedControl
          aria-labelledby="body-type-label"
          data={BODY_TYPES.map((type) => ({ value: type, label: type === 'NONE' ? 'None' : type }))}
          value={request.bodyType}
          onChange={(value) => set.setFieldValue('request.bodyType', value)}
          disabled={readOnly}
          w="fit-content"
        />
        {error('bodyType') && (
          <Text size="xs" c="red">
            {error('bodyType')}
          </Text>
        )}
        {(request.bodyType === 'JSON' || request.bodyType === 'TEXT') && (
          <TemplateInput
            label={request.bodyType === 'JSON' ? 'JSON body' : 'Text body'}
            description={
              request.bodyType === 'JSON'
                ? 'A string that is exactly one template ("{{ input.count }}") is sent with the input\'s type; other values are sent as written.'
                : undefined
            }
            multiline
            json={request.bodyType === 'JSON'}
            value={request.body}
            onChange={(value) => set.setFieldValue('request.body', value)}
            error={error('body')}
            placeholders={variables}
            emptyHint={NO_TEMPLATE_VARIABLES}
            readOnly={readOnly}
          />
        )}
        {request.bodyType === 'FORM' && rows('form', 'Form field')}
      </Stack>
    </Stack>
  );
}
