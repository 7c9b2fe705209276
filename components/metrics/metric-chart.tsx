'use client';

import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartMarker } from '@/lib/ecs/deployment-markers';

export interface ChartLine {
  label: string;
  values: (number | null)[];
}

const HEIGHT = 160;
const LINE_COLORS = ['#0369a1', '#dc2626', '#059669', '#a16207'];
const MARKER_COLORS: Record<ChartMarker['kind'], string> = {
  started: '#0284c7',
  completed: '#059669',
  failed: '#dc2626',
  'rolled-back': '#d97706',
};

/** Whether the page is dark now, following the theme toggle as it changes. */
function useDarkMode(): boolean {
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const root = document.documentElement;
    const read = () => setDark(root.classList.contains('dark'));
    read();
    const observer = new MutationObserver(read);
    observer.observe(root, { attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, []);
  return dark;
}

/**
 * A time series chart (uPlot: 50 KB, canvas, fast with thousands of points, no dependencies)
 * with deployment markers as vertical lines whose hover says which deployment and how it
 * ended. Its height is reserved before it draws, so nothing on the page moves. The summary
 * beside it says the same in words for screen readers and small screens.
 */
export function MetricChart({
  title,
  summary,
  times,
  lines,
  markers,
  unit,
  max,
  span,
}: {
  /** The x axis, epoch seconds: the whole range asked for, not just where data exists. */
  span: [number, number];
  title: string;
  summary: string;
  times: number[];
  lines: ChartLine[];
  markers: ChartMarker[];
  unit: string;
  /** The top of the y axis (100 for percentages); grows with the data when absent. */
  max?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const dark = useDarkMode();

  useEffect(() => {
    const element = box.current;
    if (!element || !times.length) return;
    const axis = dark ? '#94a3b8' : '#475569';
    const grid = dark ? '#1e293b' : '#e2e8f0';
    const plot = new uPlot(
      {
        width: element.clientWidth,
        height: HEIGHT,
        scales: {
          x: { time: true, range: () => span },
          y: { range: (_u, _min, dataMax) => [0, max ?? Math.max(1, dataMax * 1.2)] },
        },
        series: [
          {},
          ...lines.map((line, index) => ({
            label: line.label,
            stroke: LINE_COLORS[index % LINE_COLORS.length],
            width: 1.5,
            value: (_u: uPlot, v: number | null) => (v === null ? '—' : `${v.toFixed(1)}${unit}`),
          })),
        ],
        axes: [
          { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
          {
            stroke: axis,
            grid: { stroke: grid, width: 1 },
            ticks: { stroke: grid },
            size: 56,
            values: (_u, values) => values.map((v) => `${v}${unit.trim()}`),
          },
        ],
        hooks: {
          draw: [
            (u) => {
              const { ctx } = u;
              ctx.save();
              for (const marker of markers) {
                const x = Math.round(u.valToPos(marker.at, 'x', true));
                if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
                ctx.strokeStyle = MARKER_COLORS[marker.kind];
                ctx.lineWidth = 2;
                ctx.setLineDash(marker.kind === 'started' ? [4, 3] : []);
                ctx.beginPath();
                ctx.moveTo(x, u.bbox.top);
                ctx.lineTo(x, u.bbox.top + u.bbox.height);
                ctx.stroke();
              }
              ctx.restore();
              // Hover targets over the canvas: the title names the deployment.
              u.over.querySelectorAll('[data-marker]').forEach((node) => node.remove());
              for (const marker of markers) {
                const left = u.valToPos(marker.at, 'x');
                if (left < 0 || left > u.over.clientWidth) continue;
                const node = document.createElement('div');
                node.dataset.marker = marker.kind;
                node.title = marker.label;
                node.style.position = 'absolute';
                node.style.left = `${left - 3}px`;
                node.style.top = '0';
                node.style.width = '6px';
                node.style.height = '100%';
                node.style.cursor = 'help';
                u.over.appendChild(node);
              }
            },
          ],
        },
      },
      [times, ...lines.map((line) => line.values)],
      element,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: element.clientWidth, height: HEIGHT }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, lines, markers, unit, max, dark, span]);

  return (
    <figure className="min-w-0 space-y-1" data-testid="metric-chart">
      <figcaption className="text-sm font-medium text-slate-900">{title}</figcaption>
      <p className="text-xs text-slate-600" data-testid="metric-summary">
        {summary}
      </p>
      {times.length ? (
        // The chart repeats the summary and the legend for sighted readers.
        <div ref={box} className="min-h-[13rem] w-full" aria-hidden="true" />
      ) : null}
    </figure>
  );
}
