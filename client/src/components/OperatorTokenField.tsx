import { useState } from 'react';
import { operatorToken } from '../auth/deviceTokens.ts';

export interface OperatorTokenState {
  hasToken: boolean;
  token: string;
  setToken(token: string): void;
  forget(): void;
  /** The token saved on this device, else the one typed; undefined when there is neither. */
  current(): string | undefined;
  /** After the server answered: a token that worked is kept, one it refused is forgotten. */
  settle(answer: { ok: true } | { ok: false; kind: string }, used: string): void;
}

/** The operator token of a dialog that acts as an operator: asked once, then kept on this device. */
export function useOperatorToken(): OperatorTokenState {
  const [hasToken, setHasToken] = useState(() => operatorToken.get() !== null);
  const [token, setToken] = useState('');
  const forget = () => {
    operatorToken.forget();
    setHasToken(false);
    setToken('');
  };
  return {
    hasToken,
    token,
    setToken,
    forget,
    current: () => operatorToken.get() ?? (token.trim() || undefined),
    settle(answer, used) {
      if (answer.ok) {
        if (operatorToken.get() === null) operatorToken.set(used);
      } else if (answer.kind === 'token') {
        forget();
      }
    },
  };
}

/** "Using the saved token (forget)" or a password field for it. */
export function OperatorTokenField({ op, disabled = false }: { op: OperatorTokenState; disabled?: boolean }) {
  if (op.hasToken) {
    return (
      <p className="ack-token">
        Using the operator token saved on this device.{' '}
        <button type="button" className="link-button" onClick={op.forget}>
          Forget token
        </button>
      </p>
    );
  }
  return (
    <label className="field">
      <span className="field-label">Operator token</span>
      <input
        name="token"
        type="password"
        value={op.token}
        onChange={(e) => op.setToken(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        required
        disabled={disabled}
      />
      <span className="field-hint">Asked once, then kept on this device until you forget it.</span>
    </label>
  );
}
