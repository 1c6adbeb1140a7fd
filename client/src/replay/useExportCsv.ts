import { useState } from 'react';
import { downloadCsv } from '../components/downloadCsv.ts';
import { formatHms } from '../format/formatReplay.ts';
import { formatTime } from '../router/replayUrl.ts';
import type { PlaybackController } from '../sources/PlaybackController.ts';
import { useServices } from '../store/useStore.ts';
import { exportWindow } from './exportWindow.ts';
import { fetchExportCsv } from './recordingsApi.ts';
import type { Flash } from './useFlash.ts';
import { windowCsv, windowSeries } from './windowCsv.ts';

/**
 * Exports the window (exportWindow) as a CSV download: the server's export for a server recording,
 * else built here from the source's history. `say` reports how it went.
 */
export function useExportCsv(
  controller: PlaybackController,
  local: boolean,
  say: (f: Flash, ms?: number) => void,
): { exporting: boolean; exportCsv: () => Promise<void> } {
  const { source, viewerToken, store } = useServices();
  const [exporting, setExporting] = useState(false);

  const exportCsv = async () => {
    const { recording } = controller.playback;
    const w = exportWindow(controller.playback);
    const name = `${recording.name.replace(/[^\w.-]+/g, '_').slice(0, 60)}_${formatTime(w.from)}_${formatTime(w.to)}.csv`;
    setExporting(true);
    try {
      let text: string;
      if (recording.id !== undefined && !local) {
        text = await fetchExportCsv({ recordingId: recording.id, ...w, level: 'site' }, viewerToken);
      } else {
        const sites =
          recording.sites.length > 0
            ? [...recording.sites]
            : (store.getState().fleet?.sites.map((s) => s.id) ?? []);
        const res = await source.fetchHistory({
          series: windowSeries(sites),
          from: w.from,
          to: w.to,
          maxPoints: Math.ceil((w.to - w.from) / 1000) + 2,
        });
        text = windowCsv(sites, res);
      }
      downloadCsv(name.replace(/:/g, ''), text);
      say({ text: `Exported ${formatHms(w.from)}–${formatHms(w.to)} as CSV.` });
    } catch (e) {
      say({ text: `Export failed: ${e instanceof Error ? e.message : String(e)}` }, 10000);
    } finally {
      setExporting(false);
    }
  };

  return { exporting, exportCsv };
}
