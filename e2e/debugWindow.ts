/**
 * The tests' view of the page's `window.__gigawatt` debug hook (client/src/store/debugHandle.ts): the
 * tool programs do not compile the client, so the shape the tests rely on is stated here.
 */
export interface GigawattDebug {
  status(): string;
  newestTickT(): number | null;
  seriesIds(): string[];
  seriesTimes(id: string): number[];
  historyIdle(): Promise<void>;
  subscriberCount(): number;
}

declare global {
  interface Window {
    __gigawatt?: GigawattDebug;
  }
}
