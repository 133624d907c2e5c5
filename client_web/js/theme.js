// Dark by default, for night work; a light option kept per device.

const KEY = 'fieldbook-theme';

export function currentTheme() {
  return localStorage.getItem(KEY) === 'light' ? 'light' : 'dark';
}

export function applyTheme(theme = currentTheme()) {
  localStorage.setItem(KEY, theme);
  document.documentElement.dataset.theme = theme;
  const meta = document.querySelector('meta[name="theme-color"]');
  if (meta) meta.content = theme === 'light' ? '#f4f6f8' : '#11161c';
}
