// Applies the theme choice as an attribute on <html> (the CSS picks it up; "system" follows the OS).
export function applyTheme(theme: 'system' | 'light' | 'dark'): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
