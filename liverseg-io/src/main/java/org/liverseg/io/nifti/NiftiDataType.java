package org.liverseg.io.nifti;

import java.util.Optional;

/**
 * The NIfTI voxel datatypes liverseg reads and writes, with their header codes.
 *
 * <p>Every value is converted to {@code float} on reading (through {@code double}, as nibabel's
 * {@code get_fdata()} does before a cast to float32). {@link #RGB24} and {@link #RGBA32} hold one
 * unsigned byte per colour component and are read as 3 or 4 channels. Complex and 128-bit types are
 * not supported and are reported as an unsupported datatype.
 */
public enum NiftiDataType {
  /** Unsigned 8-bit integer, code 2. */
  UINT8(2, 1, 1, "uint8", 0, 255),
  /** Signed 16-bit integer, code 4. */
  INT16(4, 2, 1, "int16", Short.MIN_VALUE, Short.MAX_VALUE),
  /** Signed 32-bit integer, code 8. */
  INT32(8, 4, 1, "int32", Integer.MIN_VALUE, Integer.MAX_VALUE),
  /** IEEE 32-bit float, code 16. */
  FLOAT32(16, 4, 1, "float32", -Float.MAX_VALUE, Float.MAX_VALUE),
  /** IEEE 64-bit float, code 64. */
  FLOAT64(64, 8, 1, "float64", -Double.MAX_VALUE, Double.MAX_VALUE),
  /** Three unsigned bytes (red, green, blue) per voxel, code 128; read as 3 channels. */
  RGB24(128, 3, 3, "RGB", 0, 255),
  /** Signed 8-bit integer, code 256. */
  INT8(256, 1, 1, "int8", Byte.MIN_VALUE, Byte.MAX_VALUE),
  /** Unsigned 16-bit integer, code 512. */
  UINT16(512, 2, 1, "uint16", 0, 65535),
  /** Unsigned 32-bit integer, code 768. */
  UINT32(768, 4, 1, "uint32", 0, 4294967295.0),
  /** Signed 64-bit integer, code 1024. */
  INT64(1024, 8, 1, "int64", -0x1p63, 0x1p63),
  /** Unsigned 64-bit integer, code 1280. */
  UINT64(1280, 8, 1, "uint64", 0, 0x1p64),
  /** Four unsigned bytes (red, green, blue, alpha) per voxel, code 2304; read as 4 channels. */
  RGBA32(2304, 4, 4, "RGBA", 0, 255);

  private final int code;
  private final int bytesPerVoxel;
  private final int components;
  private final String numpyName;
  private final double min;
  private final double max;

  NiftiDataType(
      int code, int bytesPerVoxel, int components, String numpyName, double min, double max) {
    this.code = code;
    this.bytesPerVoxel = bytesPerVoxel;
    this.components = components;
    this.numpyName = numpyName;
    this.min = min;
    this.max = max;
  }

  /** The header's {@code datatype} code. */
  public int code() {
    return code;
  }

  /** Bytes one voxel takes on disk (all components together). */
  public int bytesPerVoxel() {
    return bytesPerVoxel;
  }

  /** The {@code bitpix} a consistent header carries: {@code 8 * bytesPerVoxel()}. */
  public int bitpix() {
    return 8 * bytesPerVoxel;
  }

  /** Values per voxel: 3 for RGB24, 4 for RGBA32, 1 otherwise (they become channels). */
  public int components() {
    return components;
  }

  /** Bytes of one component: the element size. */
  public int bytesPerComponent() {
    return bytesPerVoxel / components;
  }

  /** The name numpy and nibabel use for this type, e.g. {@code "int16"}. */
  public String numpyName() {
    return numpyName;
  }

  /** Whether the stored values are integers (written by rounding, range checked). */
  public boolean isInteger() {
    return this != FLOAT32 && this != FLOAT64;
  }

  /** The smallest value a component can hold (exact for all but the 64-bit integer types). */
  public double min() {
    return min;
  }

  /**
   * The largest value a component can hold; for {@link #INT64} and {@link #UINT64} this is the
   * exclusive bound 2^63 or 2^64, since the exact maximum is not a double.
   */
  public double max() {
    return max;
  }

  /** The type with header code {@code code}, if liverseg supports it. */
  public static Optional<NiftiDataType> fromCode(int code) {
    for (NiftiDataType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
