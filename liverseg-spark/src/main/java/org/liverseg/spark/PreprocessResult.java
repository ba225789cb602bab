package org.liverseg.spark;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.liverseg.io.ImageGeometry;

/**
 * The result row of one case of a {@link PreprocessJob}; {@link #SCHEMA} is the table's schema.
 *
 * @param caseId the case id
 * @param input the input scan's path
 * @param label the input label map's path, or null
 * @param output the preprocessed scan's path, or null when the case failed
 * @param outputLabel the preprocessed label map's path, or null (no label, or failed)
 * @param shape the preprocessed shape (x, y, z), or null when the case failed
 * @param spacing the preprocessed voxel spacing in mm, or null when the case failed
 * @param seconds the time spent on the case
 * @param status {@code ok} or {@code failed}
 * @param error why the case failed, in one line, or null
 */
public record PreprocessResult(
    String caseId,
    String input,
    String label,
    String output,
    String outputLabel,
    List<Integer> shape,
    List<Double> spacing,
    double seconds,
    CaseStatus status,
    String error)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The columns, in order. */
  public static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("case_id", DataTypes.StringType, false),
              DataTypes.createStructField("input", DataTypes.StringType, false),
              DataTypes.createStructField("label", DataTypes.StringType, true),
              DataTypes.createStructField("output", DataTypes.StringType, true),
              DataTypes.createStructField("output_label", DataTypes.StringType, true),
              DataTypes.createStructField("shape", array(DataTypes.IntegerType), true),
              DataTypes.createStructField("spacing", array(DataTypes.DoubleType), true),
              DataTypes.createStructField("seconds", DataTypes.DoubleType, false),
              DataTypes.createStructField("status", DataTypes.StringType, false),
              DataTypes.createStructField("error", DataTypes.StringType, true)));

  /** Checks the required fields and copies the lists. */
  public PreprocessResult {
    requireNonNull(caseId, "caseId");
    requireNonNull(input, "input");
    requireNonNull(status, "status");
    shape = shape == null ? null : List.copyOf(shape);
    spacing = spacing == null ? null : List.copyOf(spacing);
  }

  static PreprocessResult ok(
      CaseInput c, String output, String outputLabel, ImageGeometry g, double seconds) {
    double[] s = g.affine().spacing();
    return new PreprocessResult(
        c.caseId(),
        c.image(),
        c.label(),
        output,
        outputLabel,
        List.of(g.shape().x(), g.shape().y(), g.shape().z()),
        List.of(s[0], s[1], s[2]),
        seconds,
        CaseStatus.OK,
        null);
  }

  static PreprocessResult failed(CaseInput c, double seconds, Throwable t) {
    return new PreprocessResult(
        c.caseId(),
        c.image(),
        c.label(),
        null,
        null,
        null,
        null,
        seconds,
        CaseStatus.FAILED,
        Errors.oneLine(t));
  }

  /** The row of {@link #SCHEMA}. */
  public Row toRow() {
    return RowFactory.create(
        caseId,
        input,
        label,
        output,
        outputLabel,
        shape == null ? null : scala.collection.JavaConverters.asScalaBuffer(shape).toList(),
        spacing == null ? null : scala.collection.JavaConverters.asScalaBuffer(spacing).toList(),
        seconds,
        status.label(),
        error);
  }

  /** The result a row of {@link #SCHEMA} holds. */
  public static PreprocessResult fromRow(Row r) {
    return new PreprocessResult(
        r.getString(0),
        r.getString(1),
        r.isNullAt(2) ? null : r.getString(2),
        r.isNullAt(3) ? null : r.getString(3),
        r.isNullAt(4) ? null : r.getString(4),
        r.isNullAt(5) ? null : r.getList(5),
        r.isNullAt(6) ? null : r.getList(6),
        r.getDouble(7),
        CaseStatus.of(r.getString(8)),
        r.isNullAt(9) ? null : r.getString(9));
  }

  private static DataType array(DataType element) {
    return DataTypes.createArrayType(element, false);
  }
}
