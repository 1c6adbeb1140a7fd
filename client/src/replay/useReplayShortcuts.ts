import { useEffect, useRef } from 'react';

export interface ReplayShortcuts {
  togglePlay(): void;
  step(seconds: number): void;
  alert(direction: 1 | -1): void;
  toggleLoop(): void;
}

/** Where a key belongs to the element: typing, choosing from a list, or a control's own keys. */
export function keyBelongsToTarget(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    // Checkboxes and radios only take space; every text-like input takes every key.
    return !(type === 'checkbox' || type === 'radio') || key === ' ';
  }
  // Space presses a focused button or link, as everywhere else; the scrubber handles its own arrows.
  if (key === ' ' && (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY')) return true;
  if (target.getAttribute('role') === 'slider') return true;
  return target.closest('dialog') !== null;
}

/**
 * Space play/pause, ←/→ one second, shift+←/→ ten seconds, [ and ] previous/next alert, L loop. Not
 * while typing, and not with ctrl/alt/meta (those belong to the browser).
 */
export function useReplayShortcuts(enabled: boolean, actions: ReplayShortcuts): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey) return;
      if (keyBelongsToTarget(e.target, e.key)) return;
      const a = latest.current;
      switch (e.key) {
        case ' ':
          a.togglePlay();
          break;
        case 'ArrowLeft':
          a.step(e.shiftKey ? -10 : -1);
          break;
        case 'ArrowRight':
          a.step(e.shiftKey ? 10 : 1);
          break;
        case '[':
          a.alert(-1);
          break;
        case ']':
          a.alert(1);
          break;
        case 'l':
        case 'L':
          a.toggleLoop();
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
