// Numbers as people read them.

const UNITS = ['bytes', 'KB', 'MB', 'GB'];

/** 1536 -> "1.5 KB" (powers of 1024, as file managers show them). */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** 1920, 1080 -> "1920 × 1080". */
export function formatDimensions(width, height) {
  return `${width} × ${height}`;
}

/** 0.0443 -> "4.4% of the original". */
export function formatShare(part, whole) {
  if (!whole) return '';
  const percent = (part / whole) * 100;
  return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)}% of the original`;
}

/** 1834 -> "1.8 s", 420 -> "420 ms". */
export function formatDuration(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
