// TIFF 6.0 (Adobe 1992) tags and types fusem uses, plus the ImageJ and DigitalMicrograph private tags.

export const TAG = {
  NewSubfileType: 254, ImageWidth: 256, ImageLength: 257, BitsPerSample: 258, Compression: 259,
  Photometric: 262, DocumentName: 269, ImageDescription: 270, StripOffsets: 273, SamplesPerPixel: 277,
  RowsPerStrip: 278, StripByteCounts: 279, XResolution: 282, YResolution: 283, PlanarConfiguration: 284,
  PageName: 285, ResolutionUnit: 296, Software: 305, Predictor: 317, TileWidth: 322, TileLength: 323,
  TileOffsets: 324, TileByteCounts: 325, SampleFormat: 339,
  // ImageJ: IJMetadataByteCounts / IJMetadata (slice labels, ranges), ImageJ 1.x TiffEncoder.
  IJMetadataByteCounts: 50838, IJMetadata: 50839,
  // Gatan DigitalMicrograph calibration tags, as RosettaSciIO writes and reads them.
  DMUnitX: 65003, DMUnitY: 65004, DMOriginX: 65006, DMOriginY: 65007, DMScaleX: 65009, DMScaleY: 65010,
} as const;

/** Field type codes (TIFF 6.0 §2) -> byte size. */
export const TYPE_SIZE: Record<number, number> = {
  1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8, 17: 8, 18: 8,
};
