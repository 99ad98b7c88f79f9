import { GraphQLError, Kind, type ASTNode, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';

/** Deepest selection nesting accepted (the console's deepest query is about 6). */
export const MAX_QUERY_DEPTH = 12;
/** Most field selections in one operation, fragments expanded (stops alias floods). */
export const MAX_QUERY_FIELDS = 1_000;

/**
 * Refuses operations nested deeper than `maxDepth` or selecting more than `maxFields` fields,
 * before they run. The error names the limit so a client can split its query. Introspection
 * fields are not counted.
 */
export function queryLimits(maxDepth = MAX_QUERY_DEPTH, maxFields = MAX_QUERY_FIELDS): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    return {
      OperationDefinition(node) {
        let fields = 0;
        let deepest = 0;
        const walk = (set: SelectionSetNode, depth: number, seen: Set<string>): void => {
          for (const selection of set.selections) {
            if (fields > maxFields || deepest > maxDepth) return;
            if (selection.kind === Kind.FIELD) {
              // Introspection (GraphiQL, code generators) nests type references deeply by design.
              if (selection.name.value.startsWith('__')) continue;
              fields++;
              deepest = Math.max(deepest, depth);
              if (selection.selectionSet) walk(selection.selectionSet, depth + 1, seen);
            } else if (selection.kind === Kind.INLINE_FRAGMENT) {
              walk(selection.selectionSet, depth, seen);
            } else {
              const name = selection.name.value;
              const fragment = fragments.get(name);
              if (fragment && !seen.has(name)) walk(fragment.selectionSet, depth, new Set(seen).add(name));
            }
          }
        };
        walk(node.selectionSet, 1, new Set());
        const report = (message: string) => context.reportError(new GraphQLError(message, { nodes: [node as ASTNode], extensions: { code: 'BAD_USER_INPUT' } }));
        if (deepest > maxDepth) report(`The query is nested deeper than ${maxDepth} levels; split it into smaller queries.`);
        else if (fields > maxFields) report(`The query selects more than ${maxFields} fields; request fewer fields or fewer aliases.`);
      },
    };
  };
}
