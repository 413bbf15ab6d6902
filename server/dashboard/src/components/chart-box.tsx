import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(...registerables);

/** A chart.js chart with an accessible name; the same figures are always in a table beside it. */
export function ChartBox({ config, label, id }: { config: ChartConfiguration; label: string; id?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    // Counts are whole numbers: no 0.5 ticks.
    const counts = { beginAtZero: true, ticks: { precision: 0 } };
    const horizontal = (config.options as { indexAxis?: string } | undefined)?.indexAxis === 'y';
    const scales = (config.options as { scales?: Record<string, object> } | undefined)?.scales ?? {};
    const chart = new Chart(canvas.current, {
      ...config,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        ...config.options,
        scales: { ...scales, [horizontal ? 'x' : 'y']: { ...counts, ...(scales[horizontal ? 'x' : 'y'] ?? {}) } },
      } as ChartConfiguration['options'],
    });
    return () => chart.destroy();
  }, [JSON.stringify(config.data)]);
  return (
    <div class="chart" id={id}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}

/** Colour-blind-safe palette (Okabe–Ito), readable on white. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#8c564b', '#7f7f7f', '#bcbd22', '#17becf', '#9467bd', '#2ca02c', '#d62728'];
