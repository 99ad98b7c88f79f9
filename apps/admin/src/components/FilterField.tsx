import { JsonField, type JsonFieldProps } from './JsonField';
import { filterProblem } from './filter-check';
import { useValidateFilter } from './useValidateFilter';

/**
 * A filter's JSON (webhooks, automations): a JsonField that, while the text is valid JSON, shows
 * the API's own message for a filter mistake (`$inn`, a regex that does not compile…) as it is
 * typed. An error from the form (on submit) or from the API on save takes its place.
 */
export function FilterField({ error, ...props }: JsonFieldProps) {
  const validate = useValidateFilter();
  const problem = validate ? filterProblem(props.value ?? '', validate) : null;
  return <JsonField {...props} error={error || problem || undefined} />;
}
