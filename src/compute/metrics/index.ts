// Image-quality metrics against a known truth: PSNR, NRMSE, SSIM.

export { psnr, type PsnrOptions } from './psnr.js';
export { nrmse } from './nrmse.js';
export { ssim, ssimMap, type SsimOptions } from './ssim.js';
