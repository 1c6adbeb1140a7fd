/** The server's default (GIGAWATT_SEED), so a producer and an embedded simulator tell the same story. */
export const DEFAULT_SEED = 20261123;
