package org.liverseg.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The inputs a job builder was given, in one of three forms (paths, cases, a table), turned into
 * cases on the driver by {@link #resolve()}.
 */
final class JobInputs {

  /** Column of an input table with the scans' paths (default name). */
  static final String PATH_COLUMN = "path";

  /** Optional column of an input table with the case ids (default: from the file names). */
  static final String CASE_ID_COLUMN = "case_id";

  /** Optional column of an input table with the label maps' paths (null: no label). */
  static final String LABEL_COLUMN = "label";

  private final List<Path> paths;
  private final List<CaseInput> cases;
  private final Dataset<Row> table;
  private final String pathColumn;

  private JobInputs(
      List<Path> paths, List<CaseInput> cases, Dataset<Row> table, String pathColumn) {
    this.paths = paths;
    this.cases = cases;
    this.table = table;
    this.pathColumn = pathColumn;
  }

  /** Files, folders and MSD {@code dataset.json} files ({@link CaseInputs#resolve}). */
  static JobInputs of(Collection<Path> paths) {
    return new JobInputs(List.copyOf(paths), null, null, null);
  }

  /** Cases as given. */
  static JobInputs ofCases(Collection<CaseInput> cases) {
    return new JobInputs(null, List.copyOf(cases), null, null);
  }

  /** A table with the scans' paths in {@code pathColumn}. */
  static JobInputs of(Dataset<Row> table, String pathColumn) {
    return new JobInputs(
        null, null, requireNonNull(table, "table"), requireNonNull(pathColumn, "pathColumn"));
  }

  /**
   * The cases, checked for duplicate ids, in input order; a table is collected to the driver (its
   * optional {@value #CASE_ID_COLUMN} and {@value #LABEL_COLUMN} columns are read too).
   */
  List<CaseInput> resolve() throws IOException {
    List<CaseInput> out;
    if (paths != null) {
      out = CaseInputs.resolve(paths);
    } else if (cases != null) {
      out = CaseInputs.distinct(cases);
    } else {
      out = CaseInputs.distinct(fromTable());
    }
    checkArgument(!out.isEmpty(), "the inputs name no case");
    return out;
  }

  private List<CaseInput> fromTable() {
    List<String> columns = Arrays.asList(table.columns());
    checkArgument(
        columns.contains(pathColumn),
        "the input table has no column \"%s\" (columns: %s)",
        pathColumn,
        columns);
    boolean ids = columns.contains(CASE_ID_COLUMN);
    boolean labels = columns.contains(LABEL_COLUMN);
    List<CaseInput> out = new ArrayList<>();
    for (Row r : table.collectAsList()) {
      String path = r.getAs(pathColumn);
      checkArgument(path != null, "the input table has a null %s", pathColumn);
      Path p = Path.of(path).toAbsolutePath().normalize();
      String id =
          ids && r.getAs(CASE_ID_COLUMN) != null
              ? r.getAs(CASE_ID_COLUMN)
              : CaseInputs.caseId(p.getFileName().toString());
      checkArgument(id != null, "%s is not a NIfTI file name and has no %s", path, CASE_ID_COLUMN);
      String label = labels ? r.getAs(LABEL_COLUMN) : null;
      out.add(
          new CaseInput(
              id,
              p.toString(),
              label == null ? null : Path.of(label).toAbsolutePath().normalize().toString()));
    }
    return out;
  }
}
