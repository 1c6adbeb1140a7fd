import type { NextFunction, Request, Response } from 'express';
import { bearerToken, tokenMatches } from '../auth.ts';

/** Operator actions answer 403 for a missing or wrong token alike, and change nothing. */
export function requireOperator(operatorToken: string, action: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req.header('authorization'));
    if (!token || !tokenMatches(token, operatorToken)) {
      res.status(403).json({ error: `${action} needs the operator token (Authorization: Bearer …)` });
      return;
    }
    next();
  };
}
