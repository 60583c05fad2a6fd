/** The IPC channel names of the desktop front end (no imports: the preload bundles this). */
export const ipcChannels = {
  invoke: 'cachescope:invoke',
  event: 'cachescope:event',
} as const;
