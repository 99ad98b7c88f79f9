import { QueryFailedError } from 'typeorm';
import { GraphQLError } from 'graphql';
import { isDatabaseUnavailable } from './availability';

function coded(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused', coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['server shutting down (57P01)', coded('terminating connection due to administrator command', '57P01')],
    ['server starting up (57P03)', coded('the database system is starting up', '57P03')],
    ['connection lost', new Error('Connection terminated unexpectedly')],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
    ['wrapped by TypeORM', new QueryFailedError('SELECT 1', [], coded('the database system is shutting down', '57P03'))],
    ['wrapped by GraphQL', new GraphQLError('Context creation failed: x', { originalError: coded('read ECONNRESET', 'ECONNRESET') })],
  ])('%s: unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], coded('duplicate key value', '23505'))],
    ['a bug', new TypeError('x is undefined')],
    ['not an error', 'text'],
  ])('%s: not unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
