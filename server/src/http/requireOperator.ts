import type { RequestHandler } from 'express';
import { authGate } from './authGate.ts';

/**
 * Operator actions answer 403 for a missing or wrong token alike, and change nothing. Mounted before any
 * body parser, so a refused request's body is never read.
 */
export function requireOperator(operatorToken: string, action: string): RequestHandler {
  const error = `${action} needs the operator token (Authorization: Bearer …)`;
  return authGate({
    tokens: [operatorToken],
    missing: { status: 403, error },
    invalid: { status: 403, error },
  });
}
