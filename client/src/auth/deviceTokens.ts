import {
  deviceStorage,
  type KeyValueStorage,
  OPERATOR_NAME_KEY,
  OPERATOR_TOKEN_KEY,
} from './tokenStorage.ts';

let storage: KeyValueStorage | null = null;

/** This device's storage, opened on first use. */
export function tokenStore(): KeyValueStorage {
  storage ??= deviceStorage();
  return storage;
}

export const operatorToken = {
  get: (): string | null => tokenStore().getItem(OPERATOR_TOKEN_KEY),
  set: (token: string): void => tokenStore().setItem(OPERATOR_TOKEN_KEY, token),
  forget: (): void => tokenStore().removeItem(OPERATOR_TOKEN_KEY),
};

export const operatorName = {
  get: (): string => tokenStore().getItem(OPERATOR_NAME_KEY) ?? '',
  set: (name: string): void => tokenStore().setItem(OPERATOR_NAME_KEY, name),
};
