package org.liverseg.app.pipeline;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.liverseg.io.AtomicFiles;
import org.liverseg.io.Shape;

/**
 * Reads and writes {@link RunConfig} (and the other small JSON files of a run) as pretty-printed
 * JSON. Shapes are written as {@code [x, y, z]} arrays and enum settings by their lower-case names
 * ({@code "liver-tumour"}) so that a user can edit them by hand; an unknown name is refused with
 * its place in the file and the valid names ({@code "inference.decision: unknown value 'best';
 * valid: argmax, liver-tumour, tuned"}). Files are written atomically.
 */
public final class RunConfigJson {

  private static final Gson GSON =
      new GsonBuilder()
          .setPrettyPrinting()
          .serializeSpecialFloatingPointValues()
          .registerTypeAdapter(Shape.class, new ShapeAdapter().nullSafe())
          .registerTypeAdapterFactory(new EnumNames())
          .create();

  private RunConfigJson() {}

  /** The shared Gson instance (pretty printing, shapes as arrays). */
  public static Gson gson() {
    return GSON;
  }

  /** The configuration as JSON text. */
  public static String toJson(RunConfig config) {
    return GSON.toJson(config);
  }

  /**
   * Parses a configuration.
   *
   * @throws IllegalArgumentException with the reason if the text is not a valid configuration
   */
  public static RunConfig fromJson(String json) {
    try {
      RunConfig c = GSON.fromJson(json, RunConfig.class);
      if (c == null) {
        throw new IllegalArgumentException("configuration is empty");
      }
      return c;
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("configuration is not valid JSON: " + rootMessage(e), e);
    } catch (RuntimeException e) {
      // Record constructors validate (Gson wraps their exceptions); a missing section surfaces as a
      // null check naming it.
      throw new IllegalArgumentException("invalid configuration: " + rootMessage(e), e);
    }
  }

  /** Writes the configuration to {@code file} (UTF-8, pretty-printed), atomically. */
  public static void write(RunConfig config, Path file) throws IOException {
    AtomicFiles.writeString(file, toJson(config) + "\n");
  }

  /**
   * Reads a configuration file.
   *
   * @throws IOException if the file cannot be read (the message names it)
   * @throws IllegalArgumentException naming the file and the problem if it is not a valid
   *     configuration
   */
  public static RunConfig read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "configuration file does not exist");
    }
    try {
      return fromJson(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return r.getMessage() == null ? r.toString() : r.getMessage();
  }

  /** Shapes as {@code [x, y, z]}. */
  private static final class ShapeAdapter extends TypeAdapter<Shape> {
    @Override
    public void write(JsonWriter out, Shape s) throws IOException {
      out.beginArray().value(s.x()).value(s.y()).value(s.z()).endArray();
    }

    @Override
    public Shape read(JsonReader in) throws IOException {
      if (in.peek() != JsonToken.BEGIN_ARRAY) {
        throw new JsonParseException("a shape must be an array [x, y, z] at " + in.getPath());
      }
      in.beginArray();
      int[] v = new int[3];
      int n = 0;
      while (in.hasNext()) {
        if (n == 3) {
          throw new JsonParseException("a shape has exactly 3 extents at " + in.getPath());
        }
        v[n++] = in.nextInt();
      }
      in.endArray();
      if (n != 3) {
        throw new JsonParseException(
            "a shape has exactly 3 extents, got " + n + " at " + in.getPath());
      }
      return Shape.of(v);
    }
  }

  /**
   * Enums by their {@code toString()} names (lower case, e.g. {@code "liver-tumour"}), matched
   * exactly when read.
   */
  private static final class EnumNames implements TypeAdapterFactory {
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
      Class<? super T> raw = type.getRawType();
      if (!raw.isEnum()) {
        return null;
      }
      TypeAdapter<T> adapter = new EnumAdapter(raw);
      return adapter.nullSafe();
    }
  }

  private static final class EnumAdapter<E extends Enum<E>> extends TypeAdapter<E> {
    private final Class<E> type;

    EnumAdapter(Class<E> type) {
      this.type = type;
    }

    @Override
    public void write(JsonWriter out, E value) throws IOException {
      out.value(value.toString());
    }

    @Override
    public E read(JsonReader in) throws IOException {
      String name = in.nextString();
      for (E e : type.getEnumConstants()) {
        if (e.toString().equals(name)) {
          return e;
        }
      }
      String path = in.getPath().startsWith("$.") ? in.getPath().substring(2) : in.getPath();
      throw new IllegalArgumentException(
          path + ": unknown value '" + name + "'; valid: " + ConfigNames.valid(type));
    }
  }
}
