package org.liverseg.io.nifti;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.Shape;

/**
 * The header of a NIfTI-1, NIfTI-2 or Analyze 7.5 file, every field as stored (NIfTI-1's float32
 * and int16 fields widened to double and long), plus its extensions and the warnings raised while
 * reading it. Immutable; build one with {@link #builder()} or change one with {@link #toBuilder()}.
 *
 * <p>The derived views follow nibabel 5.0: {@link #affine()} is the sform when {@code sform_code}
 * is not 0, else the qform when {@code qform_code} is not 0, else the centred fallback from {@code
 * pixdim}; {@link #shape()} is exactly {@code dim[1..dim[0]]}; {@link #hasScaling()} is false when
 * the slope is 0, NaN or infinite.
 *
 * <p>liverseg maps the NIfTI shape onto an image as follows: the first three extents are x, y, z
 * (missing ones are 1) and all further extents, times the colour components of RGB types, become
 * channels, slowest varying, exactly the on-disk order.
 */
public final class NiftiHeader {

  /** NIfTI {@code xyzt_units} code for millimetres. */
  public static final int UNITS_MM = 2;

  /** NIfTI transform code "scanner anatomical". */
  public static final int XFORM_SCANNER = 1;

  /** NIfTI transform code "aligned to another scan", what nibabel writes for the sform. */
  public static final int XFORM_ALIGNED = 2;

  private final NiftiVersion version;
  private final ByteOrder byteOrder;
  private final boolean singleFile;
  private final long[] dim;
  private final int intentCode;
  private final double[] intentParameters;
  private final String intentName;
  private final NiftiDataType datatype;
  private final int bitpix;
  private final double[] pixdim;
  private final double voxOffset;
  private final double sclSlope;
  private final double sclInter;
  private final long sliceStart;
  private final long sliceEnd;
  private final int sliceCode;
  private final int dimInfo;
  private final int xyztUnits;
  private final double calMax;
  private final double calMin;
  private final double sliceDuration;
  private final double toffset;
  private final long glmax;
  private final long glmin;
  private final String descrip;
  private final String auxFile;
  private final int qformCode;
  private final int sformCode;
  private final double[] quatern;
  private final double[] qoffset;
  private final double[] srow;
  private final int[] spmOrigin;
  private final ImmutableList<NiftiExtension> extensions;
  private final ImmutableList<String> warnings;

  private NiftiHeader(Builder b) {
    version = requireNonNull(b.version, "version");
    byteOrder = requireNonNull(b.byteOrder, "byteOrder");
    singleFile = b.singleFile;
    dim = b.dim.clone();
    intentCode = b.intentCode;
    intentParameters = b.intentParameters.clone();
    intentName = requireNonNull(b.intentName, "intentName");
    datatype = requireNonNull(b.datatype, "datatype");
    bitpix = b.bitpix < 0 ? datatype.bitpix() : b.bitpix;
    pixdim = b.pixdim.clone();
    voxOffset = b.voxOffset;
    sclSlope = b.sclSlope;
    sclInter = b.sclInter;
    sliceStart = b.sliceStart;
    sliceEnd = b.sliceEnd;
    sliceCode = b.sliceCode;
    dimInfo = b.dimInfo;
    xyztUnits = b.xyztUnits;
    calMax = b.calMax;
    calMin = b.calMin;
    sliceDuration = b.sliceDuration;
    toffset = b.toffset;
    glmax = b.glmax;
    glmin = b.glmin;
    descrip = requireNonNull(b.descrip, "descrip");
    auxFile = requireNonNull(b.auxFile, "auxFile");
    qformCode = b.qformCode;
    sformCode = b.sformCode;
    quatern = b.quatern.clone();
    qoffset = b.qoffset.clone();
    srow = b.srow.clone();
    spmOrigin = b.spmOrigin.clone();
    extensions = ImmutableList.copyOf(b.extensions);
    warnings = ImmutableList.copyOf(b.warnings);
    checkArgument(dim[0] >= 1 && dim[0] <= 7, "dim[0] must be 1..7, got %s", dim[0]);
  }

  /**
   * A builder with nibabel's defaults for a new NIfTI-1 single file, little-endian, 1x1x1 float32.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every field of this header. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Analyze 7.5, NIfTI-1 or NIfTI-2. */
  public NiftiVersion version() {
    return version;
  }

  /** The file's byte order. */
  public ByteOrder byteOrder() {
    return byteOrder;
  }

  /**
   * Whether header and data share one file ({@code n+1}/{@code n+2}) rather than a .hdr/.img pair.
   */
  public boolean isSingleFile() {
    return singleFile;
  }

  /** The raw {@code dim[0..7]} array. */
  public long[] dim() {
    return dim.clone();
  }

  /** The number of dimensions, {@code dim[0]}. */
  public int rank() {
    return (int) dim[0];
  }

  /** The shape exactly as nibabel reports it: {@code dim[1..dim[0]]}, trailing 1s kept. */
  public long[] shape() {
    return Arrays.copyOfRange(dim, 1, rank() + 1);
  }

  /** The extent of NIfTI axis {@code axis} (1-based as in {@code dim}), 1 beyond {@code dim[0]}. */
  public long extent(int axis) {
    return axis <= rank() ? dim[axis] : 1;
  }

  /** The spatial shape: the first three extents, 1 where the file has fewer dimensions. */
  public Shape spatialShape() {
    return Shape.of(
        Math.toIntExact(extent(1)), Math.toIntExact(extent(2)), Math.toIntExact(extent(3)));
  }

  /** Voxels per channel-free volume times the 4th..7th extents: the number of stored voxels. */
  public long voxelCount() {
    long n = 1;
    for (int i = 1; i <= rank(); i++) {
      n = Math.multiplyExact(n, dim[i]);
    }
    return n;
  }

  /** Channels: the product of extents 4..7 times the colour components of the datatype. */
  public int channels() {
    long c = datatype.components();
    for (int i = 4; i <= rank(); i++) {
      c = Math.multiplyExact(c, dim[i]);
    }
    return Math.toIntExact(c);
  }

  /** Shape, channels and {@link #affine()}. */
  public ImageGeometry geometry() {
    return new ImageGeometry(spatialShape(), channels(), affine());
  }

  /** The {@code intent_code}. */
  public int intentCode() {
    return intentCode;
  }

  /** {@code intent_p1..p3}. */
  public double[] intentParameters() {
    return intentParameters.clone();
  }

  /** The {@code intent_name}. */
  public String intentName() {
    return intentName;
  }

  /** The voxel datatype. */
  public NiftiDataType datatype() {
    return datatype;
  }

  /** The {@code bitpix} as stored (not trusted: the datatype decides the element size). */
  public int bitpix() {
    return bitpix;
  }

  /** The raw {@code pixdim[0..7]}; {@code pixdim[0]} is qfac. */
  public double[] pixdim() {
    return pixdim.clone();
  }

  /** The voxel size along x, y, z as nibabel uses it: absolute values, 0 taken as 1. */
  public double[] zooms() {
    double[] z = new double[3];
    for (int i = 0; i < 3; i++) {
      double p = Math.abs(pixdim[i + 1]);
      z[i] = p == 0 || Double.isNaN(p) ? 1 : p;
    }
    return z;
  }

  /** qfac: {@code pixdim[0]} when it is -1 or 1, else 1 (nibabel's fix). */
  public double qfac() {
    return pixdim[0] == -1 ? -1 : 1;
  }

  /** The {@code vox_offset} as stored (may be fractional in NIfTI-1). */
  public double voxOffset() {
    return voxOffset;
  }

  /** {@code scl_slope} as stored (Analyze: SPM2's {@code funused1}). */
  public double sclSlope() {
    return sclSlope;
  }

  /** {@code scl_inter} as stored (Analyze: SPM2's {@code funused2}). */
  public double sclInter() {
    return sclInter;
  }

  /**
   * Whether values are scaled on reading: the slope is finite and not 0 (nibabel ignores the
   * intercept too otherwise), and not the identity {@code (1, 0)}. For Analyze files SPM2's rule
   * also takes the scale from {@code glmax/glmin} and {@code cal_max/cal_min} when the slope is
   * unusable.
   */
  public boolean hasScaling() {
    return slope() != 1 || intercept() != 0;
  }

  /** The effective slope values are multiplied by on reading (1 when there is no scaling). */
  public double slope() {
    if (Double.isFinite(sclSlope) && sclSlope != 0) {
      return sclSlope;
    }
    if (version == NiftiVersion.ANALYZE75 && glmax != glmin && calMax != calMin) {
      return (calMax - calMin) / (glmax - glmin);
    }
    return 1;
  }

  /**
   * The effective intercept added on reading (0 when there is no scaling). For NIfTI a valid slope
   * with a NaN or infinite intercept is rejected when the header is read, so this is finite.
   */
  public double intercept() {
    if (Double.isFinite(sclSlope) && sclSlope != 0) {
      return Double.isFinite(sclInter) ? sclInter : 0;
    }
    if (version == NiftiVersion.ANALYZE75 && glmax != glmin && calMax != calMin) {
      return calMin - slope() * glmin;
    }
    return 0;
  }

  /** {@code slice_start}. */
  public long sliceStart() {
    return sliceStart;
  }

  /** {@code slice_end}. */
  public long sliceEnd() {
    return sliceEnd;
  }

  /** {@code slice_code}. */
  public int sliceCode() {
    return sliceCode;
  }

  /** {@code dim_info}. */
  public int dimInfo() {
    return dimInfo;
  }

  /** {@code xyzt_units}. */
  public int xyztUnits() {
    return xyztUnits;
  }

  /** {@code cal_max}. */
  public double calMax() {
    return calMax;
  }

  /** {@code cal_min}. */
  public double calMin() {
    return calMin;
  }

  /** {@code slice_duration}. */
  public double sliceDuration() {
    return sliceDuration;
  }

  /** {@code toffset}. */
  public double toffset() {
    return toffset;
  }

  /** Analyze {@code glmax} (NIfTI-1 unused field; 0 in NIfTI-2). */
  public long glmax() {
    return glmax;
  }

  /** Analyze {@code glmin}. */
  public long glmin() {
    return glmin;
  }

  /** {@code descrip} (up to 80 bytes). */
  public String descrip() {
    return descrip;
  }

  /** {@code aux_file} (up to 24 bytes). */
  public String auxFile() {
    return auxFile;
  }

  /** {@code qform_code}. */
  public int qformCode() {
    return qformCode;
  }

  /** {@code sform_code}. */
  public int sformCode() {
    return sformCode;
  }

  /** {@code quatern_b, quatern_c, quatern_d}. */
  public double[] quaternion() {
    return quatern.clone();
  }

  /** {@code qoffset_x, qoffset_y, qoffset_z}. */
  public double[] qoffset() {
    return qoffset.clone();
  }

  /** {@code srow_x, srow_y, srow_z} as 12 row-major values. */
  public double[] srow() {
    return srow.clone();
  }

  /** Analyze/SPM {@code originator} voxel origin (1-based), 0s when unset or not Analyze. */
  public int[] spmOrigin() {
    return spmOrigin.clone();
  }

  /** The header extensions, in file order. */
  public ImmutableList<NiftiExtension> extensions() {
    return extensions;
  }

  /** Problems found while reading this header that did not stop the reading (also logged). */
  public ImmutableList<String> warnings() {
    return warnings;
  }

  /** The sform affine from {@code srow_*}, whatever the code. */
  public Affine sformAffine() {
    return Affine.ofRowMajor(srow);
  }

  /**
   * The qform affine as nibabel computes it: the rotation of the quaternion {@code (a, b, c, d)}
   * with {@code a = sqrt(1 - b^2 - c^2 - d^2)} (0 when that is slightly negative), times {@code
   * diag(zooms x, zooms y, qfac * zooms z)}, plus the {@code qoffset} translation.
   */
  public Affine qformAffine() {
    return Quaternions.qformAffine(quatern, zooms(), qfac(), qoffset);
  }

  /**
   * The affine nibabel uses when there is neither sform nor qform: {@code diag(-px, py, pz)} with
   * the image centred. For Analyze files an SPM origin field, if set and sensible, is used as the
   * centre instead.
   */
  public Affine fallbackAffine() {
    double[] z = zooms();
    double[] centre = new double[3];
    boolean useSpm = version == NiftiVersion.ANALYZE75 && spmOriginIsSensible();
    for (int i = 0; i < 3; i++) {
      centre[i] = useSpm ? spmOrigin[i] - 1 : (extent(i + 1) - 1) / 2.0;
    }
    return Affine.ofRowMajor(
        -z[0],
        0,
        0,
        centre[0] * z[0],
        0,
        z[1],
        0,
        -centre[1] * z[1],
        0,
        0,
        z[2],
        -centre[2] * z[2]);
  }

  private boolean spmOriginIsSensible() {
    boolean any = false;
    for (int i = 0; i < 3; i++) {
      long d = extent(i + 1);
      any |= spmOrigin[i] != 0;
      if (spmOrigin[i] <= -d || spmOrigin[i] >= 2 * d) {
        return false;
      }
    }
    return any;
  }

  /** The voxel-to-world affine nibabel reports: sform, else qform, else the fallback. */
  public Affine affine() {
    if (version != NiftiVersion.ANALYZE75) {
      if (sformCode != 0) {
        return sformAffine();
      }
      if (qformCode != 0) {
        return qformAffine();
      }
    }
    return fallbackAffine();
  }

  /** Bytes of voxel data the header promises. */
  public long dataBytes() {
    return Math.multiplyExact(voxelCount(), datatype.bytesPerVoxel());
  }

  /** A short one-line description. */
  @Override
  public String toString() {
    return String.format(
        "NiftiHeader(%s %s, shape=%s, %s, scaling=%s*x+%s, qform=%d, sform=%d, %d extensions)",
        version,
        byteOrder,
        Arrays.toString(shape()),
        datatype.numpyName(),
        slope(),
        intercept(),
        qformCode,
        sformCode,
        extensions.size());
  }

  /** Equal when every field and the extensions are equal (warnings are not compared). */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NiftiHeader h)) {
      return false;
    }
    return version == h.version
        && byteOrder.equals(h.byteOrder)
        && singleFile == h.singleFile
        && Arrays.equals(dim, h.dim)
        && intentCode == h.intentCode
        && Arrays.equals(intentParameters, h.intentParameters)
        && intentName.equals(h.intentName)
        && datatype == h.datatype
        && bitpix == h.bitpix
        && Arrays.equals(pixdim, h.pixdim)
        && same(voxOffset, h.voxOffset)
        && same(sclSlope, h.sclSlope)
        && same(sclInter, h.sclInter)
        && sliceStart == h.sliceStart
        && sliceEnd == h.sliceEnd
        && sliceCode == h.sliceCode
        && dimInfo == h.dimInfo
        && xyztUnits == h.xyztUnits
        && same(calMax, h.calMax)
        && same(calMin, h.calMin)
        && same(sliceDuration, h.sliceDuration)
        && same(toffset, h.toffset)
        && glmax == h.glmax
        && glmin == h.glmin
        && descrip.equals(h.descrip)
        && auxFile.equals(h.auxFile)
        && qformCode == h.qformCode
        && sformCode == h.sformCode
        && Arrays.equals(quatern, h.quatern)
        && Arrays.equals(qoffset, h.qoffset)
        && Arrays.equals(srow, h.srow)
        && Arrays.equals(spmOrigin, h.spmOrigin)
        && extensions.equals(h.extensions);
  }

  private static boolean same(double a, double b) {
    return Double.compare(a, b) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        version,
        byteOrder,
        Arrays.hashCode(dim),
        datatype,
        Arrays.hashCode(pixdim),
        Arrays.hashCode(srow),
        descrip,
        extensions);
  }

  /**
   * Sets header fields; {@link #build()} makes an immutable header. Defaults are those of a new
   * nibabel {@code Nifti1Image}: NIfTI-1 single file, little-endian, shape 1x1x1, float32, unit
   * pixdim, no scaling (slope 1, intercept 0), no transform codes.
   */
  public static final class Builder {
    private NiftiVersion version = NiftiVersion.NIFTI1;
    private ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;
    private boolean singleFile = true;
    private long[] dim = {3, 1, 1, 1, 1, 1, 1, 1};
    private int intentCode;
    private double[] intentParameters = new double[3];
    private String intentName = "";
    private NiftiDataType datatype = NiftiDataType.FLOAT32;
    private int bitpix = -1;
    private double[] pixdim = {1, 1, 1, 1, 1, 1, 1, 1};
    private double voxOffset = 352;
    private double sclSlope = 1;
    private double sclInter = 0;
    private long sliceStart;
    private long sliceEnd;
    private int sliceCode;
    private int dimInfo;
    private int xyztUnits;
    private double calMax;
    private double calMin;
    private double sliceDuration;
    private double toffset;
    private long glmax;
    private long glmin;
    private String descrip = "";
    private String auxFile = "";
    private int qformCode;
    private int sformCode;
    private double[] quatern = new double[3];
    private double[] qoffset = new double[3];
    private double[] srow = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0};
    private int[] spmOrigin = new int[3];
    private List<NiftiExtension> extensions = List.of();
    private List<String> warnings = List.of();

    private Builder() {}

    private Builder(NiftiHeader h) {
      version = h.version;
      byteOrder = h.byteOrder;
      singleFile = h.singleFile;
      dim = h.dim.clone();
      intentCode = h.intentCode;
      intentParameters = h.intentParameters.clone();
      intentName = h.intentName;
      datatype = h.datatype;
      bitpix = h.bitpix;
      pixdim = h.pixdim.clone();
      voxOffset = h.voxOffset;
      sclSlope = h.sclSlope;
      sclInter = h.sclInter;
      sliceStart = h.sliceStart;
      sliceEnd = h.sliceEnd;
      sliceCode = h.sliceCode;
      dimInfo = h.dimInfo;
      xyztUnits = h.xyztUnits;
      calMax = h.calMax;
      calMin = h.calMin;
      sliceDuration = h.sliceDuration;
      toffset = h.toffset;
      glmax = h.glmax;
      glmin = h.glmin;
      descrip = h.descrip;
      auxFile = h.auxFile;
      qformCode = h.qformCode;
      sformCode = h.sformCode;
      quatern = h.quatern.clone();
      qoffset = h.qoffset.clone();
      srow = h.srow.clone();
      spmOrigin = h.spmOrigin.clone();
      extensions = h.extensions;
      warnings = h.warnings;
    }

    /** Header format. */
    public Builder version(NiftiVersion v) {
      version = requireNonNull(v, "version");
      return this;
    }

    /** Byte order. */
    public Builder byteOrder(ByteOrder o) {
      byteOrder = requireNonNull(o, "byteOrder");
      return this;
    }

    /** Single file ({@code .nii}) or pair ({@code .hdr/.img}). */
    public Builder singleFile(boolean single) {
      singleFile = single;
      return this;
    }

    /** The whole {@code dim[0..7]} array (8 values). */
    public Builder dim(long... d) {
      checkArgument(d.length == 8, "dim needs 8 values, got %s", d.length);
      dim = d.clone();
      return this;
    }

    /** Sets {@code dim[0] = shape.length} and {@code dim[1..]} to {@code shape}, the rest to 1. */
    public Builder shape(long... shape) {
      checkArgument(
          shape.length >= 1 && shape.length <= 7, "shape needs 1..7 extents, got %s", shape.length);
      long[] d = {shape.length, 1, 1, 1, 1, 1, 1, 1};
      System.arraycopy(shape, 0, d, 1, shape.length);
      dim = d;
      return this;
    }

    /** {@code intent_code}. */
    public Builder intentCode(int code) {
      intentCode = code;
      return this;
    }

    /** {@code intent_p1..p3}. */
    public Builder intentParameters(double p1, double p2, double p3) {
      intentParameters = new double[] {p1, p2, p3};
      return this;
    }

    /** {@code intent_name}. */
    public Builder intentName(String name) {
      intentName = requireNonNull(name, "intentName");
      return this;
    }

    /** Datatype; also resets {@code bitpix} to the datatype's unless set after this. */
    public Builder datatype(NiftiDataType t) {
      datatype = requireNonNull(t, "datatype");
      bitpix = -1;
      return this;
    }

    /** {@code bitpix} as stored. */
    public Builder bitpix(int b) {
      bitpix = b;
      return this;
    }

    /** The whole {@code pixdim[0..7]} array (8 values). */
    public Builder pixdim(double... p) {
      checkArgument(p.length == 8, "pixdim needs 8 values, got %s", p.length);
      pixdim = p.clone();
      return this;
    }

    /** {@code vox_offset}. */
    public Builder voxOffset(double offset) {
      voxOffset = offset;
      return this;
    }

    /** {@code scl_slope} and {@code scl_inter}. */
    public Builder scaling(double slope, double inter) {
      sclSlope = slope;
      sclInter = inter;
      return this;
    }

    /** {@code slice_start}, {@code slice_end}, {@code slice_code}, {@code slice_duration}. */
    public Builder slices(long start, long end, int code, double duration) {
      sliceStart = start;
      sliceEnd = end;
      sliceCode = code;
      sliceDuration = duration;
      return this;
    }

    /** {@code dim_info}. */
    public Builder dimInfo(int info) {
      dimInfo = info;
      return this;
    }

    /** {@code xyzt_units}. */
    public Builder xyztUnits(int units) {
      xyztUnits = units;
      return this;
    }

    /** {@code cal_min} and {@code cal_max}. */
    public Builder calibration(double min, double max) {
      calMin = min;
      calMax = max;
      return this;
    }

    /** {@code toffset}. */
    public Builder toffset(double t) {
      toffset = t;
      return this;
    }

    /** Analyze {@code glmin} and {@code glmax}. */
    public Builder glRange(long min, long max) {
      glmin = min;
      glmax = max;
      return this;
    }

    /** {@code descrip}. */
    public Builder descrip(String d) {
      descrip = requireNonNull(d, "descrip");
      return this;
    }

    /** {@code aux_file}. */
    public Builder auxFile(String a) {
      auxFile = requireNonNull(a, "auxFile");
      return this;
    }

    /** {@code qform_code} and {@code sform_code}. */
    public Builder codes(int qform, int sform) {
      qformCode = qform;
      sformCode = sform;
      return this;
    }

    /** {@code quatern_b, quatern_c, quatern_d} and {@code qoffset_x, y, z}. */
    public Builder qform(double b, double c, double d, double ox, double oy, double oz) {
      quatern = new double[] {b, c, d};
      qoffset = new double[] {ox, oy, oz};
      return this;
    }

    /** {@code srow_x, srow_y, srow_z} as 12 row-major values. */
    public Builder srow(double... rows) {
      checkArgument(rows.length == 12, "srow needs 12 values, got %s", rows.length);
      srow = rows.clone();
      return this;
    }

    /**
     * Sets sform ({@code srow}), qform (quaternion, qoffset, qfac) and {@code pixdim[0..3]} from
     * {@code affine} as nibabel's {@code set_sform}/{@code set_qform} do, with the given codes.
     * Shears, which a quaternion cannot hold, are dropped from the qform only.
     */
    public Builder affine(Affine affine, int qform, int sform) {
      double[][] a = affine.toArray();
      srow =
          new double[] {
            a[0][0], a[0][1], a[0][2], a[0][3], a[1][0], a[1][1], a[1][2], a[1][3], a[2][0],
            a[2][1], a[2][2], a[2][3]
          };
      Quaternions.Qform q = Quaternions.fromAffine(affine);
      quatern = q.bcd();
      qoffset = new double[] {a[0][3], a[1][3], a[2][3]};
      pixdim[0] = q.qfac();
      System.arraycopy(q.zooms(), 0, pixdim, 1, 3);
      qformCode = qform;
      sformCode = sform;
      return this;
    }

    /** Analyze/SPM origin (1-based voxel), 3 values. */
    public Builder spmOrigin(int... origin) {
      checkArgument(origin.length == 3, "spm origin needs 3 values, got %s", origin.length);
      spmOrigin = origin.clone();
      return this;
    }

    /** The header extensions, in order. */
    public Builder extensions(List<NiftiExtension> ext) {
      extensions = ImmutableList.copyOf(ext);
      return this;
    }

    /** Warnings raised while reading (not written to files). */
    public Builder warnings(List<String> w) {
      warnings = ImmutableList.copyOf(w);
      return this;
    }

    /**
     * The header.
     *
     * @throws IllegalArgumentException if {@code dim[0]} is not 1..7
     */
    public NiftiHeader build() {
      return new NiftiHeader(this);
    }
  }
}
