/**
 * A generated test image drawn with three.js: a HAADF-like lattice of
 * Gaussian atom columns over a gradient, on a plane seen by an orthographic
 * camera. It proves the renderer stack (Svelte + three.js + WebGL under the
 * CSP); the real image views come later.
 */
import {
  DataTexture,
  LinearFilter,
  Mesh,
  MeshBasicMaterial,
  OrthographicCamera,
  PlaneGeometry,
  RGBAFormat,
  Scene,
  SRGBColorSpace,
  UnsignedByteType,
  WebGLRenderer,
} from 'three';

/** Grey-level test pattern in [0, 1], row-major, `size × size`. */
export function testPattern(size: number, spacing = 16, sigma = 3): Float32Array {
  const out = new Float32Array(size * size);
  const inv2s2 = 1 / (2 * sigma * sigma);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = ((x % spacing) + spacing) % spacing - spacing / 2;
      const dy = ((y % spacing) + spacing) % spacing - spacing / 2;
      const atom = Math.exp(-(dx * dx + dy * dy) * inv2s2);
      const gradient = (x + y) / (2 * (size - 1));
      out[y * size + x] = Math.min(1, 0.15 + 0.25 * gradient + 0.6 * atom * (0.5 + 0.5 * gradient));
    }
  }
  return out;
}

/** Pack a grey image into RGBA bytes through a simple purple-to-yellow ramp. */
export function toRgba(grey: Float32Array): Uint8Array {
  const rgba = new Uint8Array(grey.length * 4);
  for (let i = 0; i < grey.length; i++) {
    const v = grey[i] ?? 0;
    rgba[4 * i] = Math.round(255 * Math.min(1, 1.6 * v));
    rgba[4 * i + 1] = Math.round(255 * Math.max(0, Math.min(1, 1.6 * v - 0.45)));
    rgba[4 * i + 2] = Math.round(255 * Math.max(0, Math.min(1, 0.4 + 0.6 * Math.sin(Math.PI * v) - 0.3 * v)));
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}

/**
 * Draw the test image into `canvas`, re-rendering on resize only (no
 * animation loop); `onFrame` is called after each render. Returns a function
 * that releases every GPU resource.
 */
export function mountTestImage(
  canvas: HTMLCanvasElement,
  onFrame: () => void = () => {},
  size = 256,
): () => void {
  const renderer = new WebGLRenderer({ canvas, antialias: false, alpha: false });
  renderer.setClearColor(0x16181d);

  const texture = new DataTexture(toRgba(testPattern(size)), size, size, RGBAFormat, UnsignedByteType);
  texture.colorSpace = SRGBColorSpace;
  texture.magFilter = LinearFilter;
  texture.minFilter = LinearFilter;
  texture.flipY = false;
  texture.needsUpdate = true;

  const geometry = new PlaneGeometry(2, 2);
  const material = new MeshBasicMaterial({ map: texture });
  const scene = new Scene();
  scene.add(new Mesh(geometry, material));
  const camera = new OrthographicCamera(-1, 1, 1, -1, 0.1, 10);
  camera.position.z = 1;

  const render = (): void => {
    const width = Math.max(1, canvas.clientWidth);
    const height = Math.max(1, canvas.clientHeight);
    renderer.setPixelRatio(window.devicePixelRatio);
    renderer.setSize(width, height, false);
    // Keep the image square: widen whichever axis the canvas is longer in.
    const aspect = width / height;
    camera.left = aspect >= 1 ? -aspect : -1;
    camera.right = aspect >= 1 ? aspect : 1;
    camera.top = aspect >= 1 ? 1 : 1 / aspect;
    camera.bottom = aspect >= 1 ? -1 : -1 / aspect;
    camera.updateProjectionMatrix();
    renderer.render(scene, camera);
    onFrame();
  };

  const observer = new ResizeObserver(render);
  observer.observe(canvas);
  render();

  return () => {
    observer.disconnect();
    geometry.dispose();
    material.dispose();
    texture.dispose();
    renderer.dispose();
  };
}
