/**
 * Electron main process: one window, a menu, and the app service behind the typed API over IPC. The services
 * are plain Node modules (src/main/services); fusions run in a utility process (compute-channel.ts), never here.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, Menu } from 'electron';
import { buildMenu } from './menu.js';
import { registerIpc } from './ipc.js';
import { utilityComputeChannel } from './compute-channel.js';
import { ComputeHost } from '../compute/host/index.js';
import { createAppService, type AppService } from './services/app/index.js';

/** Directory of the built main bundle (out/main). */
const HERE = import.meta.dirname;

let mainWindow: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 640,
    minHeight: 480,
    title: 'fusem',
    show: false,
    backgroundColor: '#16181d',
    webPreferences: {
      preload: join(HERE, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      additionalArguments: [`--fusem-version=${app.getVersion()}`],
    },
  });

  win.once('ready-to-show', () => win.show());

  // The renderer never opens windows or navigates away; links go to the browser.
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== win.webContents.getURL()) event.preventDefault();
  });

  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && devUrl) {
    void win.loadURL(devUrl);
  } else {
    void win.loadFile(join(HERE, '../renderer/index.html'));
  }

  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  return win;
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let service: AppService | null = null;
  let stopIpc: (() => void) | null = null;
  // The compiled compute entry (npm run build:node → lib/), shipped beside out/ (electron-builder.yml files).
  const computeEntry = join(HERE, '../../lib/compute/host/compute-main.js');
  const computeHost = new ComputeHost({ spawn: () => utilityComputeChannel(computeEntry) });

  app.on('will-quit', () => {
    stopIpc?.();
    void service?.dispose().finally(() => computeHost.dispose());
  });

  void app.whenReady().then(async () => {
    // the native folder dialog is the one way an export leaves the project's exports/ (the user picks the folder here)
    const chooseFolder = async (title: string): Promise<string | null> => {
      const picked = await dialog.showOpenDialog({ title, properties: ['openDirectory', 'createDirectory'] });
      return picked.canceled ? null : picked.filePaths[0] ?? null;
    };
    service = await createAppService({ configDir: app.getPath('userData'), version: app.getVersion(), computeHost, chooseFolder, projectRoots: 'anywhere' });
    stopIpc = registerIpc(service);
    Menu.setApplicationMenu(buildMenu());
    mainWindow = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });
}
