package org.liverseg.plan;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.function.Function;
import org.liverseg.io.Shape;

/**
 * The JSON form of fingerprints and plans: pretty-printed, field names as the record components,
 * shapes and {@link Vec3}s as one-line arrays {@code [x, y, z]}, a top-level {@code version} that
 * must match, and atomic writes.
 */
final class PlanJson {

  static final Gson GSON =
      new GsonBuilder()
          .setPrettyPrinting()
          .disableHtmlEscaping()
          .registerTypeAdapter(Shape.class, new ShapeAdapter().nullSafe())
          .registerTypeAdapter(Vec3.class, new Vec3Adapter().nullSafe())
          .create();

  private PlanJson() {}

  /**
   * Parses {@code json} as {@code type} after checking its {@code version}.
   *
   * @throws IllegalArgumentException naming {@code what} and the problem
   */
  static <T> T parse(String json, Class<T> type, String what, int version) {
    JsonElement root;
    try {
      root = JsonParser.parseString(json);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + rootMessage(e), e);
    }
    if (!root.isJsonObject()) {
      throw new IllegalArgumentException(what + " must be a JSON object, got " + kind(root));
    }
    JsonElement v = root.getAsJsonObject().get("version");
    if (v == null || v.isJsonNull()) {
      throw new IllegalArgumentException(
          what + " has no \"version\" field; this liverseg reads version " + version);
    }
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber() || v.getAsDouble() != version) {
      throw new IllegalArgumentException(
          what
              + " schema version "
              + v
              + " is not supported; this liverseg reads version "
              + version);
    }
    try {
      return GSON.fromJson(root, type);
    } catch (RuntimeException e) {
      // Record constructors validate; Gson wraps what they throw.
      throw new IllegalArgumentException("invalid " + what + ": " + rootMessage(e), e);
    }
  }

  /**
   * Reads {@code file} and parses it with {@code parser}.
   *
   * @throws IOException if the file cannot be read, naming it
   * @throws IllegalArgumentException naming the file if the parser rejects its content
   */
  static <T> T read(Path file, Function<String, T> parser) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "file does not exist");
    }
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code text} (plus a final newline) to {@code target} through a temporary file in the
   * same folder, so that {@code target} is either absent, the old file, or the whole new one.
   * Without {@code overwrite} an existing target is never replaced: the new file is linked into
   * place (which fails if the name is taken) or, where links are not supported, moved without
   * replacing.
   *
   * @throws FileAlreadyExistsException if {@code target} exists and {@code overwrite} is false
   */
  static void writeAtomically(Path target, String text, boolean overwrite) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (!overwrite && Files.exists(abs)) {
      throw new FileAlreadyExistsException(target.toString(), null, "exists (use --overwrite)");
    }
    Files.createDirectories(dir);
    Path tmp =
        dir.resolve(
            "."
                + abs.getFileName()
                + "."
                + ProcessHandle.current().pid()
                + "."
                + System.nanoTime()
                + ".tmp");
    try {
      Files.writeString(tmp, text + System.lineSeparator(), StandardCharsets.UTF_8);
      if (overwrite) {
        try {
          Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
      } else {
        try {
          Files.createLink(abs, tmp);
        } catch (FileAlreadyExistsException e) {
          throw new FileAlreadyExistsException(target.toString(), null, "exists (use --overwrite)");
        } catch (UnsupportedOperationException | IOException e) {
          Files.move(tmp, abs); // no hard links here: a plain move, which fails if abs exists
        }
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String kind(JsonElement e) {
    return e.isJsonArray()
        ? "an array"
        : e.isJsonNull() ? "null" : "a " + e.getClass().getSimpleName();
  }

  private static String rootMessage(Throwable t) {
    Throwable e = t;
    while (e.getCause() != null && e.getCause() != e) {
      e = e.getCause();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Reads exactly {@code n} numbers of a JSON array. */
  private static double[] numbers(JsonReader in, int n, String what) throws IOException {
    if (in.peek() != JsonToken.BEGIN_ARRAY) {
      throw new JsonParseException(
          what + " must be an array of " + n + " numbers at " + in.getPath());
    }
    in.beginArray();
    double[] v = new double[n];
    int count = 0;
    while (in.hasNext()) {
      double x = in.nextDouble();
      if (count < n) {
        v[count] = x;
      }
      count++;
    }
    in.endArray();
    if (count != n) {
      throw new JsonParseException(
          what + " must have " + n + " numbers, got " + count + " at " + in.getPath());
    }
    return v;
  }

  /** {@code [x, y, z]} of positive integers. */
  private static final class ShapeAdapter extends TypeAdapter<Shape> {
    @Override
    public void write(JsonWriter out, Shape s) throws IOException {
      out.jsonValue("[" + s.x() + ", " + s.y() + ", " + s.z() + "]");
    }

    @Override
    public Shape read(JsonReader in) throws IOException {
      double[] v = numbers(in, 3, "a shape");
      int[] s = new int[3];
      for (int a = 0; a < 3; a++) {
        if (v[a] != Math.rint(v[a]) || v[a] < 1 || v[a] > Integer.MAX_VALUE) {
          throw new JsonParseException("shape extents must be positive integers, got " + v[a]);
        }
        s[a] = (int) v[a];
      }
      return Shape.of(s);
    }
  }

  /** {@code [x, y, z]} of finite numbers, written so that they read back exactly. */
  private static final class Vec3Adapter extends TypeAdapter<Vec3> {
    @Override
    public void write(JsonWriter out, Vec3 v) throws IOException {
      out.jsonValue("[" + number(v.x()) + ", " + number(v.y()) + ", " + number(v.z()) + "]");
    }

    private static String number(double d) {
      // the shortest text that reads back as the same double; integers without ".0"
      return d == Math.rint(d) && Math.abs(d) < 1e15
          ? String.format(Locale.ROOT, "%d", (long) d)
          : new JsonPrimitive(d).toString();
    }

    @Override
    public Vec3 read(JsonReader in) throws IOException {
      return Vec3.of(numbers(in, 3, "a 3-vector"));
    }
  }
}
