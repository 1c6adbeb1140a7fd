import type { Flash } from './useFlash.ts';

export function FlashMessage({ flash }: { flash: Flash }) {
  return (
    <p className="player-flash" aria-live="polite">
      {flash ? (
        <>
          {flash.text}{' '}
          {flash.link ? (
            <input
              className="pl-link"
              readOnly
              value={flash.link}
              aria-label="Link to this moment"
              onFocus={(e) => e.currentTarget.select()}
            />
          ) : null}
        </>
      ) : null}
    </p>
  );
}
