/**
 * The three.js side of an ImageView: one RGBA DataTexture on a plane in image coordinates, seen by an
 * orthographic camera that the Viewport drives. Draws only when asked (`render`), never in a loop.
 *
 * World coordinates are image coordinates (x right, y down): the plane spans [0, W] × [0, H] and the camera's
 * top/bottom are swapped so that y grows downwards on screen. Bytes go to the screen unchanged (no colour-space
 * conversion, no tone mapping), so the view shows exactly layersToRgba's colours. Magnified pixels are drawn as
 * squares (NearestFilter); minified images use trilinear mipmaps so that a fit-to-view 4k image does not alias.
 */
import {
  Color, DataTexture, DoubleSide, LinearMipmapLinearFilter, LinearSRGBColorSpace, Mesh, MeshBasicMaterial, NearestFilter,
  NoColorSpace, OrthographicCamera, PlaneGeometry, RGBAFormat, Scene, UnsignedByteType, Vector2, WebGLRenderer,
} from 'three';
import type { ViewState } from './viewport-math.js';

/** Outside the image (sRGB, written to the screen unchanged): a grey a little lighter than the app, so black pixels stay distinguishable from the border. */
export const VIEW_BACKGROUND = 0x24272e;

export class GlImageView {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new OrthographicCamera(0, 1, 0, 1, -1, 1);
  private readonly material = new MeshBasicMaterial({ transparent: true, side: DoubleSide, depthTest: false, depthWrite: false });
  private mesh: Mesh | null = null;
  private texture: DataTexture | null = null;
  private width = 0;
  private height = 0;

  /** Throws when WebGL cannot be created (the caller shows why). */
  constructor(canvas: HTMLCanvasElement) {
    this.renderer = new WebGLRenderer({ canvas, antialias: false, alpha: false });
    this.renderer.outputColorSpace = LinearSRGBColorSpace;
    // The hex is taken as-is (no sRGB → linear conversion), like the image bytes.
    this.renderer.setClearColor(new Color().setHex(VIEW_BACKGROUND, LinearSRGBColorSpace), 1);
    this.camera.position.z = 0.5;
  }

  /** Shows `rgba` (width × height × 4 bytes). The same size reuses the texture (a re-upload, no reallocation). */
  setImage(rgba: Uint8Array, width: number, height: number): void {
    if (rgba.length === 0 || width <= 0 || height <= 0) {
      this.clearImage();
      return;
    }
    if (this.texture && this.width === width && this.height === height) {
      this.texture.image.data = rgba;
      this.texture.needsUpdate = true;
      return;
    }
    this.clearImage();
    const texture = new DataTexture(rgba, width, height, RGBAFormat, UnsignedByteType);
    texture.colorSpace = NoColorSpace;
    texture.magFilter = NearestFilter;
    texture.minFilter = LinearMipmapLinearFilter;
    texture.generateMipmaps = true;
    texture.flipY = false;
    texture.needsUpdate = true;
    // PlaneGeometry's v = 0 edge (texture row 0) is at −H/2; shifted to y = 0, which the camera puts at the top.
    const geometry = new PlaneGeometry(width, height).translate(width / 2, height / 2, 0);
    this.material.map = texture;
    this.material.needsUpdate = true;
    const mesh = new Mesh(geometry, this.material);
    mesh.frustumCulled = false;
    this.scene.add(mesh);
    this.mesh = mesh;
    this.texture = texture;
    this.width = width;
    this.height = height;
  }

  private clearImage(): void {
    if (this.mesh) {
      this.scene.remove(this.mesh);
      this.mesh.geometry.dispose();
      this.mesh = null;
    }
    this.texture?.dispose();
    this.texture = null;
    this.material.map = null;
    this.width = this.height = 0;
  }

  /** Draws the view: `view` in a viewW × viewH CSS-px canvas at device pixel ratio `dpr`. */
  render(view: ViewState, viewW: number, viewH: number, dpr: number): void {
    const w = Math.max(1, viewW);
    const h = Math.max(1, viewH);
    if (this.renderer.getPixelRatio() !== dpr) this.renderer.setPixelRatio(dpr);
    const size = this.renderer.getSize(sizeScratch);
    if (size.x !== w || size.y !== h) this.renderer.setSize(w, h, false);
    const halfW = w / 2 / view.zoom;
    const halfH = h / 2 / view.zoom;
    this.camera.left = view.centerX - halfW;
    this.camera.right = view.centerX + halfW;
    this.camera.top = view.centerY - halfH; // smaller y at the top of the screen
    this.camera.bottom = view.centerY + halfH;
    this.camera.updateProjectionMatrix();
    this.renderer.render(this.scene, this.camera);
  }

  /** Frees the GPU objects and the WebGL context itself at once (waiting for garbage collection leaks contexts: Chromium keeps 16). */
  dispose(): void {
    this.clearImage();
    this.material.dispose();
    this.renderer.dispose();
    this.renderer.forceContextLoss();
  }
}

const sizeScratch = new Vector2();
