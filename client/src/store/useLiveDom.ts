import { useLayoutEffect, useRef } from 'react';
import type { DashboardState } from './createDashboardStore.ts';
import { useServices } from './useStore.ts';

/** What a live figure shows, read from the store's state (a headline's power, a hall's utilization). */
export type Live<T> = (s: DashboardState) => T;

/**
 * Follows the store without React (zustand's transient updates): `write` gets what `read` returns when
 * the component renders and again whenever a store update changes it (Object.is, or `same`). A figure
 * that changes every tick then costs a text write, not a render of it and of everything React compares
 * around it. React renders the element once and leaves alone what `write` sets (text, attributes that
 * are not among its props). `read` and `write` may be new functions on every render.
 */
export function useLiveDom<T>(
  read: Live<T>,
  write: (value: T) => void,
  same: (a: T, b: T) => boolean = Object.is,
): void {
  const { store } = useServices();
  const fns = useRef({ read, write, same });
  const last = useRef<{ value: T } | null>(null);
  // After every render: the props may have changed what is read or where it is written.
  useLayoutEffect(() => {
    fns.current = { read, write, same };
    const value = read(store.getState());
    last.current = { value };
    write(value);
  });
  useLayoutEffect(
    () =>
      store.subscribe((s) => {
        const f = fns.current;
        const value = f.read(s);
        if (last.current && f.same(last.current.value, value)) return;
        last.current = { value };
        f.write(value);
      }),
    [store],
  );
}
