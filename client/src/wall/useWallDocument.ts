import { useEffect } from 'react';
import type { WallTheme } from './parseWallOptions.ts';

const THEME_COLOR: Record<WallTheme, string> = { dark: '#0b0f15', light: '#f4f6f8', contrast: '#000000' };

/**
 * The wall owns the whole document while it is shown: no scrolling, no cursor, the theme's colours on
 * the page itself (so nothing of the normal theme shows at the edges). Undone on leaving.
 */
export function useWallDocument(theme: WallTheme): void {
  useEffect(() => {
    const html = document.documentElement;
    html.classList.add('wall-mode');
    html.dataset.wallTheme = theme;
    const meta = document.querySelector<HTMLMetaElement>('meta[name="theme-color"]');
    const scheme = document.querySelector<HTMLMetaElement>('meta[name="color-scheme"]');
    const oldColor = meta?.content;
    const oldScheme = scheme?.content;
    if (meta) meta.content = THEME_COLOR[theme];
    if (scheme) scheme.content = theme === 'light' ? 'light' : 'dark';
    return () => {
      html.classList.remove('wall-mode');
      delete html.dataset.wallTheme;
      if (meta && oldColor !== undefined) meta.content = oldColor;
      if (scheme && oldScheme !== undefined) scheme.content = oldScheme;
    };
  }, [theme]);
}

/**
 * A server that now speaks another protocol was upgraded: the page that matches it is one reload
 * away, and an unattended wall should take it by itself.
 */
export function useReloadWhen(condition: boolean, afterMs = 60_000): void {
  useEffect(() => {
    if (!condition) return;
    const id = setTimeout(() => window.location.reload(), afterMs);
    return () => clearTimeout(id);
  }, [condition, afterMs]);
}
