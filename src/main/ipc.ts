/**
 * The Electron transport of the API (DESIGN.md §2): one `ipcMain.handle` for every request, validated by
 * dispatch() like the WebSocket's, and the service's events forwarded to the app's windows. Thin on purpose:
 * the checks live in src/shared/api.
 */
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { SUPPORTED_EXTENSIONS } from '../compute/io/detect.js';
import { dispatch, errorReply, checkEvent, EVENT_CHANNEL, OPEN_FILES_CHANNEL, REQUEST_CHANNEL, type FusemService, type Reply } from '../shared/api/index.js';

export interface IpcOptions {
  /** Told about internal errors and dropped events. */
  log?: (line: string) => void;
}

/** Only the app's own windows may call; a frame of some other page (an iframe, a navigation) may not. */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  const win = BrowserWindow.fromWebContents(event.sender);
  return win !== null && event.senderFrame !== null && event.senderFrame === event.sender.mainFrame;
}

/** Serve `service` to the renderer over IPC. Returns the function that stops (on app quit, or to replace the service). */
export function registerIpc(service: FusemService, options: IpcOptions = {}): () => void {
  const log = options.log ?? ((line: string) => console.error(line));

  ipcMain.handle(REQUEST_CHANNEL, async (event, method: unknown, params: unknown): Promise<Reply<unknown>> => {
    if (!trustedSender(event)) return errorReply('forbidden', 'requests are accepted only from the fusem window');
    return dispatch(service, { method, params }, {
      onInternalError: (m, e) => log(`fusem: ${m}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
    });
  });

  // The native open dialog for Import: the chosen paths go to dataset.import / files.describe like any other.
  ipcMain.handle(OPEN_FILES_CHANNEL, async (event): Promise<string[]> => {
    if (!trustedSender(event)) return [];
    const win = BrowserWindow.fromWebContents(event.sender);
    const options = {
      title: 'Import acquisition files', properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[],
      filters: [{ name: 'Microscopy data', extensions: SUPPORTED_EXTENSIONS.map((e) => e.replace(/^\./, '')) }, { name: 'All files', extensions: ['*'] }],
    };
    const chosen = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return chosen.canceled ? [] : chosen.filePaths;
  });

  const unsubscribe = service.subscribe((raw) => {
    const checked = checkEvent(raw);
    if (!checked.ok) {
      log(`fusem: dropped an invalid event: ${checked.problem}`);
      return;
    }
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, checked.event);
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(REQUEST_CHANNEL);
    ipcMain.removeHandler(OPEN_FILES_CHANNEL);
  };
}
