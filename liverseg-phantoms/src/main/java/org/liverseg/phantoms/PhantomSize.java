package org.liverseg.phantoms;

import java.util.Locale;

/**
 * The voxel grid of a synthetic phantom. Every size images the same kind of patient over the same
 * physical field of view (in-plane about 150-230 mm, 180-300 mm along z); smaller sizes only sample
 * it more coarsely, so anatomy and tumour sizes stay comparable between sizes.
 */
public enum PhantomSize {

  /**
   * 256x256 in-plane, 60 to 200 slices (varying per case), in-plane spacing 0.6-0.9 mm and slices
   * 1.5-5 mm: a stand-in for the real Task03_Liver scans (which are 512x512 with 0.5-1 mm).
   */
  FULL(256, 256, 60, 200),

  /** 96x96x48 (in-plane about 1.6-2.4 mm, slices about 4-6 mm): for tests and CPU training. */
  SMALL(96, 96, 48, 48),

  /** 48x48x24 (in-plane about 3-5 mm, slices about 8-12 mm): for quick end-to-end tests in CI. */
  TINY(48, 48, 24, 24);

  /** The in-plane size of {@link #FULL}, against which the spacing of smaller sizes scales. */
  static final int FULL_IN_PLANE = 256;

  private final int nx;
  private final int ny;
  private final int minZ;
  private final int maxZ;

  PhantomSize(int nx, int ny, int minZ, int maxZ) {
    this.nx = nx;
    this.ny = ny;
    this.minZ = minZ;
    this.maxZ = maxZ;
  }

  /** Voxels along x (left-right). */
  public int nx() {
    return nx;
  }

  /** Voxels along y (anterior-posterior). */
  public int ny() {
    return ny;
  }

  /** The fewest slices a case of this size has. */
  public int minZ() {
    return minZ;
  }

  /** The most slices a case of this size has. */
  public int maxZ() {
    return maxZ;
  }

  /**
   * The size named {@code name}, ignoring case ({@code "full"}, {@code "small"}, {@code "tiny"}).
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static PhantomSize parse(String name) {
    for (PhantomSize s : values()) {
      if (s.name().equalsIgnoreCase(name.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown phantom size '" + name + "'; expected full, small or tiny");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
