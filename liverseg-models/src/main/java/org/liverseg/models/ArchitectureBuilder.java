package org.liverseg.models;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.liverseg.models.metrics.CrossEntropy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The part of every architecture's builder that is the same: the {@link NetworkSettings}, the
 * common shape settings (widths, normalisation, deep supervision) and reading {@link
 * Architecture#parameters()} back.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ArchitectureBuilder<B extends ArchitectureBuilder<B>>
    implements Architecture.Builder {

  /** JSON key of the input channels. */
  protected static final String IN = "inputChannels";

  /** JSON key of the classes. */
  protected static final String CLASSES = "classes";

  /** JSON key of the class weights. */
  protected static final String WEIGHTS = "classWeights";

  /** JSON key of the widths. */
  protected static final String WIDTHS = "widths";

  /** JSON key of the normalisation. */
  protected static final String NORM = "norm";

  /** JSON key of deep supervision. */
  protected static final String DEEP_SUPERVISION = "deepSupervision";

  private int inputChannels = 1;
  private int classes = 3;
  private double[] classWeights = {1, 1, 3};
  private IUpdater updater = new Adam(1e-4);
  private long seed = 42;
  private DataType dataType = DataType.FLOAT;
  private WorkspaceMode workspaceMode = WorkspaceMode.ENABLED;
  private boolean reuseForwardInBackprop = true;

  /** Widths per stage, finest first. */
  protected int[] widths;

  /** Normalisation. */
  protected Norm norm;

  /** Whether deep-supervision outputs are added. */
  protected boolean deepSupervision;

  /**
   * Starts from the architecture's defaults.
   *
   * @param widths default widths
   * @param norm default normalisation
   */
  protected ArchitectureBuilder(int[] widths, Norm norm) {
    this.widths = widths.clone();
    this.norm = norm;
  }

  /** This builder as its concrete type. */
  @SuppressWarnings("unchecked")
  protected final B self() {
    return (B) this;
  }

  /** Copies the common settings of {@code a} into this builder. */
  protected final B from(Architecture a) {
    NetworkSettings s = a.settings();
    inputChannels = s.inputChannels();
    classes = s.classes();
    classWeights = s.classWeights();
    updater = s.updater();
    seed = s.seed();
    dataType = s.dataType();
    workspaceMode = s.workspaceMode();
    reuseForwardInBackprop = s.reuseForwardInBackprop();
    return self();
  }

  @Override
  public B inputChannels(int n) {
    this.inputChannels = positive(n, "inputChannels");
    return self();
  }

  @Override
  public B classes(int n) {
    if (n < 2) {
      throw new IllegalArgumentException("classes must be at least 2, got " + n);
    }
    this.classes = n;
    return self();
  }

  @Override
  public B classWeights(double... weights) {
    this.classWeights = CrossEntropy.checkedWeights(weights).clone();
    return self();
  }

  @Override
  public B updater(IUpdater updater) {
    this.updater = Objects.requireNonNull(updater, "updater").clone();
    return self();
  }

  @Override
  public B learningRate(double lr) {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
    }
    return updater(new Adam(lr));
  }

  @Override
  public B seed(long seed) {
    this.seed = seed;
    return self();
  }

  @Override
  public B dataType(DataType type) {
    if (type != DataType.FLOAT && type != DataType.DOUBLE) {
      throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + type);
    }
    this.dataType = type;
    return self();
  }

  @Override
  public B workspaceMode(WorkspaceMode mode) {
    this.workspaceMode = Objects.requireNonNull(mode, "workspaceMode");
    return self();
  }

  @Override
  public B reuseForwardInBackprop(boolean reuse) {
    this.reuseForwardInBackprop = reuse;
    return self();
  }

  @Override
  public B widths(int... perStage) {
    if (perStage == null || perStage.length < 1) {
      throw new IllegalArgumentException("widths needs at least one stage");
    }
    for (int f : perStage) {
      positive(f, "widths " + Arrays.toString(perStage));
    }
    this.widths = perStage.clone();
    return self();
  }

  @Override
  public B norm(Norm norm) {
    Objects.requireNonNull(norm, "norm");
    if (!supportedNorms().contains(norm)) {
      throw new IllegalArgumentException(
          architectureName() + " supports norm " + supportedNorms() + ", not " + norm);
    }
    this.norm = norm;
    return self();
  }

  @Override
  public B deepSupervision(boolean on) {
    if (on && !supportsDeepSupervision()) {
      throw new IllegalArgumentException(architectureName() + " has no deep supervision");
    }
    this.deepSupervision = on;
    return self();
  }

  /** The zoo name of the architecture this builder builds (for messages). */
  protected abstract String architectureName();

  /** The normalisations the architecture supports. */
  protected abstract Set<Norm> supportedNorms();

  /** Whether the architecture can add deep-supervision outputs. */
  protected abstract boolean supportsDeepSupervision();

  /**
   * The architecture's own JSON keys and how to apply them to this builder; the common keys
   * ({@value #IN}, {@value #CLASSES}, {@value #WEIGHTS}, {@value #WIDTHS}, {@value #NORM}, {@value
   * #DEEP_SUPERVISION}) are handled here.
   */
  protected abstract Map<String, ParameterReader> ownParameters();

  /** Applies one JSON value to the builder. */
  @FunctionalInterface
  protected interface ParameterReader {
    /**
     * @param key the key, for messages
     * @param value its value
     */
    void apply(String key, JsonElement value);
  }

  @Override
  public B parameters(JsonObject parameters) {
    Objects.requireNonNull(parameters, "parameters");
    Map<String, ParameterReader> own = ownParameters();
    Set<String> known = new TreeSet<>(own.keySet());
    known.addAll(List.of(IN, CLASSES, WEIGHTS, WIDTHS, NORM, DEEP_SUPERVISION));
    Set<String> unknown = new HashSet<>(parameters.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          architectureName()
              + ": unknown parameter(s) "
              + new TreeSet<>(unknown)
              + "; known: "
              + known);
    }
    for (Map.Entry<String, JsonElement> e : parameters.entrySet()) {
      String k = e.getKey();
      JsonElement v = e.getValue();
      try {
        switch (k) {
          case IN -> inputChannels(integer(k, v));
          case CLASSES -> classes(integer(k, v));
          case WEIGHTS -> classWeights(doubles(k, v));
          case WIDTHS -> widths(integers(k, v));
          case NORM -> norm(enumValue(k, v, Norm.class));
          case DEEP_SUPERVISION -> deepSupervision(bool(k, v));
          default -> own.get(k).apply(k, v);
        }
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(
            architectureName() + " parameter \"" + k + "\" = " + v + ": " + ex.getMessage(), ex);
      }
    }
    return self();
  }

  /** The common shape settings as JSON, to which the architecture adds its own. */
  public static JsonObject commonParameters(
      NetworkSettings s, int[] widths, Norm norm, boolean deepSupervision) {
    JsonObject o = new JsonObject();
    o.addProperty(IN, s.inputChannels());
    o.addProperty(CLASSES, s.classes());
    o.add(WEIGHTS, jsonArray(s.classWeights()));
    o.add(WIDTHS, jsonArray(widths));
    o.addProperty(NORM, norm.name());
    o.addProperty(DEEP_SUPERVISION, deepSupervision);
    return o;
  }

  /** The validated settings (the class weights must have one entry per class). */
  protected final NetworkSettings settings() {
    return new NetworkSettings(
        inputChannels,
        classes,
        classWeights,
        updater,
        seed,
        dataType,
        workspaceMode,
        reuseForwardInBackprop);
  }

  /** A JSON array of ints. */
  public static JsonArray jsonArray(int[] values) {
    JsonArray a = new JsonArray();
    for (int v : values) {
      a.add(v);
    }
    return a;
  }

  /** A JSON array of doubles. */
  public static JsonArray jsonArray(double[] values) {
    JsonArray a = new JsonArray();
    for (double v : values) {
      a.add(v);
    }
    return a;
  }

  /** An int value. */
  protected static int integer(String key, JsonElement v) {
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException(key + " must be an integer");
    }
    double d = v.getAsDouble();
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + " must be an integer");
    }
    return (int) d;
  }

  /** A boolean value. */
  protected static boolean bool(String key, JsonElement v) {
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
      throw new IllegalArgumentException(key + " must be true or false");
    }
    return v.getAsBoolean();
  }

  /** An array of ints. */
  protected static int[] integers(String key, JsonElement v) {
    if (!v.isJsonArray()) {
      throw new IllegalArgumentException(key + " must be an array of integers");
    }
    JsonArray a = v.getAsJsonArray();
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = integer(key + "[" + i + "]", a.get(i));
    }
    return out;
  }

  /** An array of numbers. */
  protected static double[] doubles(String key, JsonElement v) {
    if (!v.isJsonArray()) {
      throw new IllegalArgumentException(key + " must be an array of numbers");
    }
    JsonArray a = v.getAsJsonArray();
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      JsonElement e = a.get(i);
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
        throw new IllegalArgumentException(key + "[" + i + "] must be a number");
      }
      out[i] = e.getAsDouble();
    }
    return out;
  }

  /** An enum constant by name (case-insensitive). */
  protected static <E extends Enum<E>> E enumValue(String key, JsonElement v, Class<E> type) {
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException(
          key + " must be one of " + Arrays.toString(type.getEnumConstants()));
    }
    try {
      return Enum.valueOf(type, v.getAsString().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          key + " must be one of " + Arrays.toString(type.getEnumConstants()), e);
    }
  }

  /** Fails unless {@code n >= 1}. */
  protected static int positive(int n, String what) {
    if (n < 1) {
      throw new IllegalArgumentException(what + " must be >= 1, got " + n);
    }
    return n;
  }
}
