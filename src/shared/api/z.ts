// zod, configured once for every schema of the contract. Imported before any schema is built (each schema
// module imports `z` from here), so the setting holds in main, the server and the renderer alike.

import { z } from 'zod';

// No `new Function` fast path: the renderer's CSP (script-src 'self', no 'unsafe-eval') would report zod's
// eval probe as a violation, and the messages validated here are small enough not to need it.
z.config({ jitless: true });

export { z };
