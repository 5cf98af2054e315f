/*! Pulse banner colours: the one rule, inlined into widget.js by pulse/widget.py and loaded as is by the dashboard. */
// Background: banner_color when it is #rrggbb, else the colour of the banner's type (info,
// warning, success, error). Text: black or white, whichever contrasts more with the background
// (WCAG 2 relative luminance and contrast ratio). Returns [background, text].
const PULSE_BANNER = { info: "#2563eb", warning: "#d97706", success: "#16a34a", error: "#dc2626" };
const pulseBannerColors = (color, type) => {
  const bg = /^#[0-9a-f]{6}$/i.test(color || "") ? color : PULSE_BANNER[type] || PULSE_BANNER.info;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(bg.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return [bg, (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) ? "#000" : "#fff"];
};
