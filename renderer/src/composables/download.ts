/**
 * Saves text as a file the way the page can: a browser downloads it; the desktop window's
 * session asks where to save it (desktop/mainWindow.ts, will-download).
 */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // Revoked after the click's download has started reading it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
