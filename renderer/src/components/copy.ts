// Copies text to the clipboard. The async Clipboard API needs a permission the desktop app
// denies to its page (every permission request is refused), so the fallback copies a selected,
// off-screen textarea with execCommand, which only needs the click that called it.
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.left = '-9999px';
    const previous = document.activeElement as HTMLElement | null;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    previous?.focus();
    return ok;
  }
}
