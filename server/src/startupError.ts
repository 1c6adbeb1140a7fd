/**
 * A service the configuration names cannot be used (unreachable Redis or PostgreSQL): main prints the
 * message alone, without a stack, and exits. Messages name host and port, never a password.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}
