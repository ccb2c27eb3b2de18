// Quantification: region masks, relative concentration and its region statistics, histograms, Gaussian fits, line profiles.

export {
  ellipseMask, pointMask, polygonMask, rectangleMask, regionMask,
  type EllipseShape, type FillRule, type MaskResult, type PointShape, type PolygonShape, type RectangleShape, type RegionShape,
} from './regions.js';
export {
  concentrationThreshold, DEFAULT_THRESHOLD_FRACTION, regionConcentrationValues, regionStatistics, relativeConcentration,
  type ConcentrationMaps, type ConcentrationOptions, type ElementStatistics, type RegionStatistics, type RegionStatisticsOptions,
  type RegionStatisticsResult,
} from './concentration.js';
export { concentrationHistogram, type Histogram, type HistogramOptions } from './histogram.js';
export {
  componentErrors, fitGaussian, fitGaussianMixture2, fitGaussianModels, MIN_VALUES_TWO_GAUSSIANS, mixtureDensity,
  type ComponentWithErrors, type GaussianComponent, type GaussianFitOptions, type GaussianModelsResult, type MixtureFit,
} from './gaussian-fit.js';
export { histogramRange, regionConcentrationHistogram, type HistogramFit } from './region-histogram.js';
export { regionComposition, type ElementComposition, type RegionComposition } from './region-composition.js';
export { bilinearSample, lineProfile, profileToCsv, type Line, type LineProfile, type LineProfileOptions } from './line-profile.js';
