package org.liverseg.phantoms;

/**
 * The voxel grid of one phantom and its normalised coordinates: {@code u} runs from -1 (patient's
 * right, voxel i = 0) to +1 (left) across x, {@code v} from -1 (anterior, j = 0) to +1 (posterior)
 * across y, both in units of half the in-plane field of view; {@code w} runs from 0 (inferior) to 1
 * (superior) over the slices, in units of the whole z coverage. Anatomy is described in these
 * coordinates, so one description renders at any {@link PhantomSize}.
 *
 * @param nx voxels along x
 * @param ny voxels along y
 * @param nz voxels along z
 * @param halfWidthMm half the in-plane field of view in millimetres (one unit of u and v)
 * @param coverageMm the z coverage in millimetres (one unit of w)
 */
record Grid(int nx, int ny, int nz, double halfWidthMm, double coverageMm) {

  double u(int i) {
    return (i - (nx - 1) / 2.0) / (nx / 2.0);
  }

  double v(int j) {
    return (j - (ny - 1) / 2.0) / (ny / 2.0);
  }

  double w(int k) {
    return (k + 0.5) / nz;
  }

  /** The voxel column at or nearest to {@code u}, clamped to the grid. */
  int i(double u) {
    return clamp((int) Math.floor(u * nx / 2.0 + (nx - 1) / 2.0), nx);
  }

  /** The voxel row at or nearest to {@code v}, clamped to the grid. */
  int j(double v) {
    return clamp((int) Math.floor(v * ny / 2.0 + (ny - 1) / 2.0), ny);
  }

  /** How many w units one in-plane unit is long: z distances in w times this are in u units. */
  double wStretch() {
    return coverageMm / halfWidthMm;
  }

  int sliceSize() {
    return nx * ny;
  }

  private static int clamp(int a, int n) {
    return Math.max(0, Math.min(n - 1, a));
  }
}
