import { placeholderTypeOf, type PlaceholderGroup } from '../../components/template-placeholders';
import type { FieldType, ValueType } from '../../generated/graphql';

interface DeclaredInput {
  key: string;
  name: string;
  type: ValueType;
}

interface DeclaredAuthField {
  identifier: string;
  name: string | null;
  type: FieldType;
}

/**
 * What the "+" menu of a request template offers: `input.<key>` of each declared input and
 * `credential.<identifier>` of each auth field (blank keys are not offered yet).
 */
export function templateVariables(inputs: readonly DeclaredInput[], authFields: readonly DeclaredAuthField[]): PlaceholderGroup[] {
  const groups: PlaceholderGroup[] = [
    {
      label: 'Inputs',
      items: inputs
        .filter((input) => input.key.trim() !== '')
        .map((input) => {
          const path = `input.${input.key.trim()}`;
          return { template: `{{ ${path} }}`, path, type: placeholderTypeOf(input.type), description: `${input.name || input.key} (${input.type.toLowerCase()})` };
        }),
    },
    {
      label: 'Credential',
      items: authFields
        .filter((field) => field.identifier.trim() !== '')
        .map((field) => {
          const path = `credential.${field.identifier.trim()}`;
          return { template: `{{ ${path} }}`, path, type: 'string' as const, description: `${field.name || field.identifier} (${field.type === 'PASSWORD' ? 'secret' : 'text'})` };
        }),
    },
  ];
  return groups.filter((group) => group.items.length > 0);
}

/** The "+" menu's words when nothing is declared yet. */
export const NO_TEMPLATE_VARIABLES = 'Declare inputs (or auth fields) first; they are offered here as {{ input.<key> }} and {{ credential.<identifier> }}.';
