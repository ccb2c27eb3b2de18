/**
 * The Electron transport of the API (DESIGN.md §2): one `ipcMain.handle` for every request, validated by
 * dispatch() like the WebSocket's, and the service's events forwarded to the app's windows. Thin on purpose:
 * the checks live in src/shared/api.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { dispatch, errorReply, checkEvent, EVENT_CHANNEL, REQUEST_CHANNEL, type FusemService, type Reply } from '../shared/api/index.js';

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
  };
}
