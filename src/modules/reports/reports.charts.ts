// Server-rendered SVG charts of the leaders' dashboard (no script, no inline style). Each chart has a <title> and
// a <desc>, writes its values as text next to the marks, and tells series apart by pattern and shape, not by
// colour alone. Pages show a table of the same data next to every chart.

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

interface Frame {
  id: string;
  title: string;
  desc: string;
  width: number;
  height: number;
}

function open(f: Frame): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="rp-chart" viewBox="0 0 ${f.width} ${f.height}" role="img" aria-labelledby="${f.id}-t ${f.id}-d">` +
    `<title id="${f.id}-t">${escapeXml(f.title)}</title><desc id="${f.id}-d">${escapeXml(f.desc)}</desc>`
  );
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

const fmt = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

/** Vertical bars, two series per category: the first solid, the second hatched. */
export function groupedBars(
  f: Omit<Frame, 'width' | 'height'>,
  categories: string[],
  series: [{ name: string; values: number[] }, { name: string; values: number[] }],
): string {
  const width = 720;
  const height = 300;
  const left = 64;
  const top = 34;
  const bottom = 40;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...series[0].values, ...series[1].values));
  const slot = (width - left - 10) / Math.max(1, categories.length);
  const bar = Math.min(22, slot / 2.6);
  let out = open({ ...f, width, height });
  out += `<defs><pattern id="${f.id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b34700" stroke-width="3"/></pattern></defs>`;
  for (let i = 0; i <= 4; i++) {
    const y = top + plotH - (plotH * i) / 4;
    out += `<line x1="${left}" x2="${width - 10}" y1="${y}" y2="${y}" stroke="#d0d0d0" stroke-width="1"/>`;
    out += `<text x="${left - 6}" y="${y + 4}" text-anchor="end" font-size="15" fill="#333333">${fmt((max * i) / 4)}</text>`;
  }
  categories.forEach((cat, i) => {
    const x0 = left + i * slot + (slot - 2 * bar) / 2;
    series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      const h = (plotH * v) / max;
      const x = x0 + k * bar;
      const fill = k === 0 ? '#1f4e8c' : `url(#${f.id}-hatch)`;
      out += `<rect x="${x.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${fill}" stroke="#1a1a1a" stroke-width="0.5"><title>${escapeXml(`${cat} – ${s.name}: ${fmt(v)}`)}</title></rect>`;
    });
    out += `<text x="${(left + i * slot + slot / 2).toFixed(1)}" y="${height - bottom + 22}" text-anchor="middle" font-size="15" fill="#333333">${escapeXml(cat)}</text>`;
  });
  // Legend: a solid and a hatched square with their names.
  out += `<rect x="${left}" y="4" width="14" height="14" fill="#1f4e8c"/><text x="${left + 20}" y="17" font-size="16" fill="#1a1a1a">${escapeXml(series[0].name)}</text>`;
  out += `<rect x="${left + 240}" y="4" width="14" height="14" fill="url(#${f.id}-hatch)" stroke="#1a1a1a" stroke-width="0.5"/><text x="${left + 260}" y="17" font-size="16" fill="#1a1a1a">${escapeXml(series[1].name)}</text>`;
  return out + '</svg>';
}

/** Horizontal bars with the value written at the end of each bar; `max` fixes the scale (e.g. 100 for rates). */
export function horizontalBars(f: Omit<Frame, 'width' | 'height'>, items: Array<{ label: string; value: number; text: string }>, max?: number): string {
  const width = 720;
  const rowH = 34;
  const labelW = 280;
  const height = 16 + rowH * Math.max(1, items.length);
  const scale = max ?? niceMax(Math.max(0, ...items.map((i) => i.value)));
  const plotW = width - labelW - 90;
  let out = open({ ...f, width, height });
  items.forEach((item, i) => {
    const y = 8 + i * rowH;
    const w = scale > 0 ? (plotW * Math.max(0, item.value)) / scale : 0;
    const label = item.label.length > 30 ? `${item.label.slice(0, 29)}…` : item.label;
    out += `<text x="${labelW - 8}" y="${y + 22}" text-anchor="end" font-size="16" fill="#1a1a1a">${escapeXml(label)}</text>`;
    out += `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="#1f4e8c"/>`;
    out += `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 22}" font-size="16" fill="#1a1a1a">${escapeXml(item.text)}</text>`;
  });
  return out + '</svg>';
}

/** A line of percentages by category with a dashed horizontal target line; points are circles labelled with values. */
export function lineWithTarget(f: Omit<Frame, 'width' | 'height'>, categories: string[], values: Array<number | null>, target: number, targetLabel: string): string {
  const width = 720;
  const height = 280;
  const left = 64;
  const top = 20;
  const bottom = 40;
  const plotH = height - top - bottom;
  const max = Math.max(niceMax(Math.max(target * 1.25, ...values.map((v) => v ?? 0))), 10);
  const slot = (width - left - 10) / Math.max(1, categories.length);
  const yOf = (v: number) => top + plotH - (plotH * v) / max;
  let out = open({ ...f, width, height });
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    out += `<line x1="${left}" x2="${width - 10}" y1="${yOf(v)}" y2="${yOf(v)}" stroke="#d0d0d0" stroke-width="1"/>`;
    out += `<text x="${left - 6}" y="${yOf(v) + 4}" text-anchor="end" font-size="15" fill="#333333">${fmt(v)}%</text>`;
  }
  out += `<line x1="${left}" x2="${width - 10}" y1="${yOf(target)}" y2="${yOf(target)}" stroke="#b34700" stroke-width="2" stroke-dasharray="8 5"/>`;
  out += `<text x="${width - 12}" y="${yOf(target) - 6}" text-anchor="end" font-size="16" fill="#8a3700">${escapeXml(targetLabel)}</text>`;
  const points = values.map((v, i) => (v === null ? null : { x: left + i * slot + slot / 2, y: yOf(v), v }));
  const path = points.filter((p): p is { x: number; y: number; v: number } => p !== null).map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`);
  if (path.length > 1) out += `<polyline points="${path.join(' ')}" fill="none" stroke="#1f4e8c" stroke-width="2"/>`;
  points.forEach((p, i) => {
    if (p) {
      out += `<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="4" fill="#1f4e8c"><title>${escapeXml(`${categories[i]}: ${p.v}%`)}</title></circle>`;
      out += `<text x="${p.x.toFixed(1)}" y="${(p.y - 8).toFixed(1)}" text-anchor="middle" font-size="14" fill="#1a1a1a">${p.v.toFixed(0)}%</text>`;
    }
    out += `<text x="${(left + i * slot + slot / 2).toFixed(1)}" y="${height - bottom + 22}" text-anchor="middle" font-size="15" fill="#333333">${escapeXml(categories[i]!)}</text>`;
  });
  return out + '</svg>';
}
