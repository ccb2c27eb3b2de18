// Simulated data with known truth: seeded random numbers, phantoms, and the dose model.

export { createRng, logFactorial, type Rng } from './random.js';
export { makeRegion, phantomGrid, regionComposition, type Phantom, type PhantomOptions, type PhantomRegion } from './phantom.js';
export * from './phantoms/index.js';
export { simulateAcquisition, type Acquisition, type AcquisitionOptions, type AcquisitionSettings } from './dose.js';
export { countsForSnr, empiricalSnr, MATERIAL_FRACTION, maskedMean, materialMask, nominalSnr } from './snr.js';
export { deepestPixel } from './region-point.js';
