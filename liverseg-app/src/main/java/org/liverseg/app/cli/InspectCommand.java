package org.liverseg.app.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.liverseg.io.Affine;
import org.liverseg.io.nifti.NiftiExtension;
import org.liverseg.io.nifti.NiftiHeader;
import org.liverseg.io.nifti.NiftiSource;
import org.liverseg.io.nifti.NiftiVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liverseg inspect FILE...}: what TorchIO's {@code tiohd} and nibabel's {@code nib-ls} show
 * about image files, as text or as one JSON object per line.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Shows the header and value statistics of NIfTI-1/2 and Analyze files (.nii, .nii.gz, "
          + ".hdr/.img): format, byte order, datatype, shape, spacing, orientation, affine, scaling, "
          + "extensions, min/max/mean.",
      "With --json, one JSON object per file and line with file, format, version, byteorder, datatype, "
          + "shape, zooms, spacing, orientation, affine, slope, inter, extensions, min, max, mean, sum, "
          + "sha256 (SHA-256 of the scaled values as float32 little-endian, x fastest) and warnings.",
      "Warnings about a file (e.g. bitpix disagreeing with the datatype) go to stderr.",
      "A file that cannot be read is reported on stderr in one line; the others are still inspected."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every file was read",
      "1:at least one file could not be read",
      "2:usage error"
    })
public final class InspectCommand implements Callable<Integer> {

  private static final Gson GSON =
      new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();

  @Spec private CommandSpec spec;

  @Option(names = "--json", description = "One JSON object per file, on one line each.")
  private boolean json;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Image files.")
  private List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failed = 0;
    for (Path file : files) {
      try {
        NiftiSource source = NiftiSource.of(file);
        NiftiHeader h = source.header();
        float[] values = source.readFloats();
        VolumeStats stats = VolumeStats.of(values);
        // the codec has already logged its warnings to stderr; the JSON repeats them for scripts
        String format = format(file, h);
        if (json) {
          JsonObject o = toJson(file, h, format, stats);
          JsonArray warnings = new JsonArray();
          source.warnings().forEach(warnings::add);
          o.add("warnings", warnings);
          out.println(GSON.toJson(o));
        } else {
          printText(out, file, h, format, stats);
        }
      } catch (IOException | RuntimeException | OutOfMemoryError e) {
        failed++;
        err.println("liverseg inspect: " + describe(file, e));
      }
      out.flush();
    }
    return failed == 0 ? 0 : 1;
  }

  /** One line saying what went wrong with {@code file}, naming it. */
  static String describe(Path file, Throwable e) {
    if (e instanceof NoSuchFileException n) {
      return (n.getFile() == null ? file.toString() : n.getFile()) + ": no such file";
    }
    if (e instanceof AccessDeniedException a) {
      return (a.getFile() == null ? file.toString() : a.getFile()) + ": permission denied";
    }
    if (e instanceof OutOfMemoryError) {
      return file + ": not enough memory to read it (raise -Xmx, e.g. LIVERSEG_JAVA_OPTS=-Xmx8g)";
    }
    String m =
        e.getMessage() == null
            ? e.toString()
            : e.getMessage().lines().findFirst().orElse(e.toString());
    return m.contains(file.getFileName().toString()) ? m : file + ": " + m;
  }

  private static JsonObject toJson(Path file, NiftiHeader h, String format, VolumeStats s) {
    JsonObject o = new JsonObject();
    o.addProperty("file", file.toString());
    o.addProperty("format", format);
    o.addProperty("version", h.version().name());
    o.addProperty("byteorder", h.byteOrder() == ByteOrder.LITTLE_ENDIAN ? "little" : "big");
    o.addProperty("datatype", h.datatype().numpyName());
    o.add("shape", array(h.shape()));
    o.add("zooms", array(h.zooms()));
    Affine a = h.affine();
    o.add("spacing", array(a.spacing()));
    o.addProperty("orientation", a.orientation());
    JsonArray rows = new JsonArray();
    for (double[] row : a.toArray()) {
      rows.add(array(row));
    }
    o.add("affine", rows);
    o.addProperty("qform_code", h.qformCode());
    o.addProperty("sform_code", h.sformCode());
    if (h.hasScaling()) {
      o.addProperty("slope", h.slope());
      o.addProperty("inter", h.intercept());
    } else {
      o.add("slope", JsonNull.INSTANCE);
      o.add("inter", JsonNull.INSTANCE);
    }
    JsonArray ext = new JsonArray();
    for (NiftiExtension e : h.extensions()) {
      JsonArray pair = new JsonArray();
      pair.add(e.code());
      pair.add(e.content().length);
      ext.add(pair);
    }
    o.add("extensions", ext);
    o.addProperty("min", s.min());
    o.addProperty("max", s.max());
    o.addProperty("mean", s.mean());
    o.addProperty("sum", s.sum());
    o.addProperty("nan_count", s.nanCount());
    o.addProperty("sha256", s.sha256());
    return o;
  }

  private static void printText(
      PrintWriter out, Path file, NiftiHeader h, String format, VolumeStats s) {
    Affine a = h.affine();
    double[] sp = a.spacing();
    out.println(file);
    row(out, "format", format);
    row(
        out,
        "byte order",
        h.byteOrder() == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian");
    row(out, "datatype", h.datatype().numpyName() + " (code " + h.datatype().code() + ")");
    row(out, "shape", join(h.shape(), " x "));
    row(
        out,
        "spacing",
        String.format(Locale.ROOT, "%s x %s x %s mm", num(sp[0]), num(sp[1]), num(sp[2])));
    row(out, "orientation", a.orientation());
    double[][] m = a.toArray();
    for (int r = 0; r < 4; r++) {
      row(
          out,
          r == 0 ? "affine" : "",
          String.format(
              Locale.ROOT,
              "[%10s %10s %10s %10s]",
              num(m[r][0]),
              num(m[r][1]),
              num(m[r][2]),
              num(m[r][3])));
    }
    row(out, "xforms", "qform_code " + h.qformCode() + ", sform_code " + h.sformCode());
    row(
        out,
        "scaling",
        h.hasScaling() ? "value * " + num(h.slope()) + " + " + num(h.intercept()) : "none");
    row(
        out,
        "extensions",
        h.extensions().isEmpty()
            ? "none"
            : h.extensions().stream()
                .map(e -> "code " + e.code() + " (" + e.content().length + " bytes)")
                .collect(Collectors.joining(", ")));
    row(
        out,
        "min/max/mean",
        num(s.min())
            + " / "
            + num(s.max())
            + " / "
            + String.format(Locale.ROOT, "%.6g", s.mean())
            + (s.nanCount() > 0 ? " (" + s.nanCount() + " NaN)" : ""));
  }

  /** e.g. "NIfTI-1, single file, gzip" or "Analyze 7.5, .hdr/.img pair". */
  static String format(Path file, NiftiHeader h) throws IOException {
    String v =
        h.version() == NiftiVersion.ANALYZE75
            ? "Analyze 7.5"
            : h.version() == NiftiVersion.NIFTI1 ? "NIfTI-1" : "NIfTI-2";
    String layout = h.isSingleFile() ? "single file" : ".hdr/.img pair";
    return v + ", " + layout + (isGzip(file) ? ", gzip" : "");
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static void row(PrintWriter out, String key, String value) {
    out.printf(Locale.ROOT, "  %-13s %s%n", key, value);
  }

  private static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v);
  }

  private static String join(long[] values, String sep) {
    StringBuilder sb = new StringBuilder();
    for (int t = 0; t < values.length; t++) {
      sb.append(t == 0 ? "" : sep).append(values[t]);
    }
    return sb.toString();
  }

  private static JsonArray array(long[] values) {
    JsonArray a = new JsonArray();
    for (long v : values) {
      a.add(v);
    }
    return a;
  }

  private static JsonArray array(double[] values) {
    JsonArray a = new JsonArray();
    for (double v : values) {
      a.add(v);
    }
    return a;
  }
}
