package org.liverseg.spark;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.liverseg.io.ImageGeometry;

/**
 * The result row of one case of a {@link SegmentationJob}; {@link #SCHEMA} is the table's schema
 * (the columns of {@code results.parquet} and {@code results.csv}).
 *
 * @param caseId the case id
 * @param input the CT scan's path
 * @param mask the mask's path, or null when the case failed
 * @param shape the scan's (and mask's) shape (x, y, z), or null when it could not be read
 * @param spacing the voxel spacing in mm (x, y, z), or null when it could not be read
 * @param stats volumes, tumours and Dice, or null when the case failed
 * @param seconds the time spent on the case (for a case done by an earlier attempt of the same run,
 *     that attempt's time)
 * @param status what happened
 * @param error why the case failed, in one line, or null
 */
public record CaseResult(
    String caseId,
    String input,
    String mask,
    List<Integer> shape,
    List<Double> spacing,
    MaskStats stats,
    double seconds,
    CaseStatus status,
    String error)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The columns, in order. Volumes in mL, burden in percent, time in seconds. */
  public static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              field("case_id", DataTypes.StringType, false),
              field("input", DataTypes.StringType, false),
              field("mask", DataTypes.StringType, true),
              field("shape", DataTypes.createArrayType(DataTypes.IntegerType, false), true),
              field("spacing", DataTypes.createArrayType(DataTypes.DoubleType, false), true),
              field("liver_ml", DataTypes.DoubleType, true),
              field("tumour_ml", DataTypes.DoubleType, true),
              field("tumours", DataTypes.IntegerType, true),
              field("largest_tumour_ml", DataTypes.DoubleType, true),
              field("tumour_burden_pct", DataTypes.DoubleType, true),
              field("dice_liver", DataTypes.DoubleType, true),
              field("dice_tumour", DataTypes.DoubleType, true),
              field("seconds", DataTypes.DoubleType, false),
              field("status", DataTypes.StringType, false),
              field("error", DataTypes.StringType, true)));

  /** Checks the required fields and copies the lists. */
  public CaseResult {
    requireNonNull(caseId, "caseId");
    requireNonNull(input, "input");
    requireNonNull(status, "status");
    shape = shape == null ? null : List.copyOf(shape);
    spacing = spacing == null ? null : List.copyOf(spacing);
    if ((status == CaseStatus.FAILED) != (error != null)) {
      throw new IllegalArgumentException(
          "case " + caseId + ": an error goes with status failed only, got " + status);
    }
  }

  /** A processed or skipped case. */
  static CaseResult done(
      CaseInput c,
      Path mask,
      ImageGeometry geometry,
      MaskStats stats,
      double seconds,
      CaseStatus status) {
    return new CaseResult(
        c.caseId(),
        c.image(),
        mask.toString(),
        shape(geometry),
        spacing(geometry),
        requireNonNull(stats, "stats"),
        seconds,
        status,
        null);
  }

  /** A failed case; {@code geometry} is null when the scan's header could not be read. */
  static CaseResult failed(CaseInput c, ImageGeometry geometry, double seconds, Throwable t) {
    return new CaseResult(
        c.caseId(),
        c.image(),
        null,
        shape(geometry),
        spacing(geometry),
        null,
        seconds,
        CaseStatus.FAILED,
        Errors.oneLine(t));
  }

  /** The row of {@link #SCHEMA}. */
  public Row toRow() {
    MaskStats s = stats;
    return RowFactory.create(
        caseId,
        input,
        mask,
        seq(shape),
        seq(spacing),
        s == null ? null : s.liverMl(),
        s == null ? null : s.tumourMl(),
        s == null ? null : s.tumours(),
        s == null ? null : s.largestTumourMl(),
        s == null ? null : s.tumourBurdenPct(),
        s == null ? null : s.diceLiver(),
        s == null ? null : s.diceTumour(),
        seconds,
        status.label(),
        error);
  }

  /** The result a row of {@link #SCHEMA} holds. */
  public static CaseResult fromRow(Row r) {
    MaskStats s =
        r.isNullAt(5)
            ? null
            : new MaskStats(
                r.getDouble(5),
                r.getDouble(6),
                r.getInt(7),
                r.getDouble(8),
                r.isNullAt(9) ? null : r.getDouble(9),
                r.isNullAt(10) ? null : r.getDouble(10),
                r.isNullAt(11) ? null : r.getDouble(11));
    return new CaseResult(
        r.getString(0),
        r.getString(1),
        r.isNullAt(2) ? null : r.getString(2),
        r.isNullAt(3) ? null : r.getList(3),
        r.isNullAt(4) ? null : r.getList(4),
        s,
        r.getDouble(12),
        CaseStatus.of(r.getString(13)),
        r.isNullAt(14) ? null : r.getString(14));
  }

  /** A list as the Scala sequence a Row holds for an array column (what {@code getList} reads). */
  private static <T> scala.collection.Seq<T> seq(List<T> list) {
    return list == null ? null : scala.collection.JavaConverters.asScalaBuffer(list).toList();
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType t, boolean n) {
    return DataTypes.createStructField(name, t, n);
  }

  private static List<Integer> shape(ImageGeometry g) {
    return g == null ? null : List.of(g.shape().x(), g.shape().y(), g.shape().z());
  }

  private static List<Double> spacing(ImageGeometry g) {
    if (g == null) {
      return null;
    }
    double[] s = g.affine().spacing();
    return List.of(s[0], s[1], s[2]);
  }
}
