// Applies the theme choice as html[data-theme] ("light" or "dark"); "system" follows the OS
// and keeps following it while the app runs.
type Theme = 'system' | 'light' | 'dark';

const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
let current: Theme = 'system';

function paint(): void {
  const dark = current === 'dark' || (current === 'system' && query?.matches === true);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

query?.addEventListener('change', () => {
  if (current === 'system') paint();
});

export function applyTheme(theme: Theme): void {
  current = theme;
  paint();
}
