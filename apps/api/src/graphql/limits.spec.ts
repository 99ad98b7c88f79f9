import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { queryLimits } from './limits';

const schema = buildSchema(`
  type Event { id: ID! deliveries: [Delivery!]! }
  type Delivery { id: ID! event: Event }
  type Query { event: Event }
`);

function errors(query: string, depth = 6, fields = 50): string[] {
  return validate(schema, parse(query), [...specifiedRules, queryLimits(depth, fields)]).map((e) => e.message);
}

describe('queryLimits', () => {
  it('accepts a query within the depth limit, counting fragments where they are spread', () => {
    expect(errors('{ event { deliveries { event { deliveries { id } } } } }')).toEqual([]);
    expect(errors('fragment F on Delivery { event { id } } { event { deliveries { ...F } } }')).toEqual([]);
  });

  it('refuses a query nested deeper than the limit, also through fragments', () => {
    const deep = '{ event { deliveries { event { deliveries { event { deliveries { event { id } } } } } } } }';
    expect(errors(deep)).toEqual(['The query is nested deeper than 6 levels; split it into smaller queries.']);
    const viaFragment = 'fragment F on Delivery { event { deliveries { event { deliveries { id } } } } } { event { deliveries { event { deliveries { ...F } } } } }';
    expect(errors(viaFragment)).toHaveLength(1);
  });

  it('does not count introspection, whose type references nest deeply', () => {
    const ofType = (n: number): string => (n === 0 ? 'name' : `name ofType { ${ofType(n - 1)} }`);
    expect(errors(`{ __schema { types { fields { type { ${ofType(8)} } } } } }`)).toEqual([]);
  });

  it('refuses an alias flood', () => {
    const aliases = Array.from({ length: 60 }, (_, i) => `a${i}: event { id }`).join(' ');
    expect(errors(`{ ${aliases} }`)).toEqual(['The query selects more than 50 fields; request fewer fields or fewer aliases.']);
  });
});
