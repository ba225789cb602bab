package org.liverseg.models;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.liverseg.models.zoo.Blocks;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;

/**
 * The seed's 3D U-Net ({@link ModelZoo} names {@value #NAME} and {@value #ATTENTION_NAME}).
 *
 * <p>Per level two 3x3x3 convolutions with ReLU (with a normalisation: convolution without bias,
 * norm, ReLU), 2x max pooling down; up: trilinear 2x upsampling, a 3x3x3 convolution with ReLU,
 * concatenation {@code [upsampled, skip]} along channels, two 3x3x3 convolutions; a 1x1x1
 * convolution to the classes, softmax and the class-weighted cross-entropy over every voxel.
 * Normalisation: {@link Norm#NONE} (default, the seed's), {@link Norm#BATCH} or {@link
 * Norm#INSTANCE}.
 *
 * <p>Options:
 *
 * <ul>
 *   <li>attention gates on the skips (Oktay et al. 2018, "Attention U-Net"; the gate of MONAI's
 *       {@code AttentionUnet}): with {@code g} the upsampled, convolved decoder features and {@code
 *       x} the skip, both {@code F} channels, {@code psi = sigmoid(norm(conv1x1(relu(
 *       norm(conv1x1_g(g)) + norm(conv1x1_x(x))))))} with {@code max(1, F/2)} intermediate channels
 *       and a single-channel {@code psi}; the skip is replaced by {@code x * psi}. The gate's 1x1x1
 *       convolutions have bias; its normalisation is the network's (MONAI's is batch norm, the
 *       {@code attention-unet} default);
 *   <li>deep supervision ({@link DeepSupervision}): outputs after the decoder levels 1 .. levels-3
 *       as well; needs at least 4 levels.
 * </ul>
 *
 * <p>D, H and W must be multiples of {@code 2^(levels-1)}.
 */
public final class UNet3D implements Architecture {

  /** Zoo name of the plain U-Net. */
  public static final String NAME = "unet";

  /** Zoo name of the U-Net with attention gates. */
  public static final String ATTENTION_NAME = "attention-unet";

  private static final String ATTENTION = "attention";

  private final NetworkSettings settings;
  private final int[] filters;
  private final Norm norm;
  private final boolean attention;
  private final boolean deepSupervision;

  private UNet3D(Builder b) {
    this.settings = b.settings();
    this.filters = b.widths.clone();
    this.norm = b.norm;
    this.attention = b.attention;
    this.deepSupervision = b.deepSupervision;
    if (deepSupervision && filters.length < 4) {
      throw new IllegalArgumentException(
          "deep supervision needs at least 4 levels (the coarsest decoder output is dropped, as in"
              + " nnU-Net), got "
              + filters.length
              + " "
              + Arrays.toString(filters));
    }
  }

  /**
   * The CPU default: 3 levels with 8/16/32 filters, no normalisation, 1 input channel, 3 classes.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The seed's "course" network for a GPU: 4 levels with 32/64/128/256 filters (6.4 M parameters).
   */
  public static Builder course() {
    return new Builder().filters(32, 64, 128, 256);
  }

  /** The network used for the comparison with PyTorch: 4 levels with 16/32/64/128 filters. */
  public static Builder benchmark() {
    return new Builder().filters(16, 32, 64, 128);
  }

  @Override
  public Builder toBuilder() {
    return new Builder()
        .from(this)
        .filters(filters)
        .norm(norm)
        .attention(attention)
        .deepSupervision(deepSupervision);
  }

  @Override
  public String name() {
    return attention ? ATTENTION_NAME : NAME;
  }

  @Override
  public NetworkSettings settings() {
    return settings;
  }

  /** Number of resolution levels. */
  public int levels() {
    return filters.length;
  }

  /** Filters per level, from the finest level down. */
  public int[] filters() {
    return filters.clone();
  }

  /** The same as {@link #filters()}. */
  @Override
  public int[] widths() {
    return filters.clone();
  }

  /** The normalisation used. */
  public Norm norm() {
    return norm;
  }

  /** Whether the skips have attention gates. */
  public boolean attention() {
    return attention;
  }

  /** Whether deep-supervision outputs are built. */
  public boolean deepSupervision() {
    return deepSupervision;
  }

  /** Class weights of the cross-entropy. */
  public double[] classWeights() {
    return settings.classWeights();
  }

  @Override
  public int sizeDivisor() {
    return 1 << (filters.length - 1);
  }

  @Override
  public List<Output> outputs() {
    return DeepSupervision.outputs(deepSupervision ? filters.length - 2 : 1);
  }

  @Override
  public JsonObject parameters() {
    JsonObject o = ArchitectureBuilder.commonParameters(settings, filters, norm, deepSupervision);
    o.addProperty(ATTENTION, attention);
    return o;
  }

  @Override
  public ComputationGraphConfiguration configuration() {
    ComputationGraphConfiguration.GraphBuilder g = Blocks.graph(settings);
    Blocks b = new Blocks(g, settings, norm, 0);
    int levels = filters.length;
    String[] skips = new String[levels];
    String x = INPUT;
    int channels = settings.inputChannels();
    for (int l = 0; l < levels; l++) {
      x = block(b, "enc" + l, x, channels, filters[l]);
      channels = filters[l];
      skips[l] = x;
      if (l < levels - 1) {
        x = b.maxPool("pool" + l, x);
      }
    }
    List<Output> outputs = outputs();
    List<String> outputNames = new ArrayList<>();
    for (int l = levels - 2; l >= 0; l--) {
      b.trilinearUp("up" + l, x);
      String up =
          b.conv(
              "up" + l + "_conv", "up" + l, channels, filters[l], 3, 1, true, new ActivationReLU());
      String skip = attention ? gate(b, "att" + l, up, skips[l], filters[l]) : skips[l];
      b.concat("cat" + l, up, skip);
      x = block(b, "dec" + l, "cat" + l, 2 * filters[l], filters[l]);
      channels = filters[l];
      if (l > 0 && l < outputs.size()) {
        head(b, outputs.get(l), l, x, channels, outputNames);
      }
    }
    head(b, outputs.get(0), 0, x, channels, outputNames);
    return Blocks.finish(g, settings, sizeDivisor(), outputNames.toArray(String[]::new));
  }

  /** Adds the output of decoder level {@code l}, keeping the names in output order. */
  private static void head(
      Blocks b, Output o, int l, String in, int channels, List<String> outputNames) {
    outputNames.add(
        0,
        b.head(
            DeepSupervision.logitsName(l), o.name(), in, channels, DeepSupervision.lossScale(o)));
  }

  /** Two 3x3x3 convolutions with ReLU (after the normalisation, if any); returns the last name. */
  private String block(Blocks b, String name, String in, int nIn, int nOut) {
    String x = b.convNormAct(name + "a", in, nIn, nOut, 3, 1, false, new ActivationReLU());
    return b.convNormAct(name + "b", x, nOut, nOut, 3, 1, false, new ActivationReLU());
  }

  /** MONAI's additive attention gate; returns the gated skip. */
  private static String gate(Blocks b, String name, String g, String x, int channels) {
    int inner = Math.max(1, channels / 2);
    String gg =
        b.normAct(
            name + "_g" + b.normSuffix(),
            b.conv(name + "_g", g, channels, inner, 1, 1, true, new ActivationIdentity()),
            new ActivationIdentity());
    String xx =
        b.normAct(
            name + "_x" + b.normSuffix(),
            b.conv(name + "_x", x, channels, inner, 1, 1, true, new ActivationIdentity()),
            new ActivationIdentity());
    String relu = b.activation(name + "_relu", b.add(name + "_sum", gg, xx), new ActivationReLU());
    String psi =
        b.norm() == Norm.NONE
            ? b.conv(name + "_psi", relu, inner, 1, 1, 1, true, new ActivationSigmoid())
            : b.normAct(
                name + "_psi" + b.normSuffix(),
                b.conv(name + "_psi", relu, inner, 1, 1, 1, true, new ActivationIdentity()),
                new ActivationSigmoid());
    return b.multiply(name, x, psi);
  }

  @Override
  public String toString() {
    return "UNet3D["
        + settings
        + ", filters="
        + Arrays.toString(filters)
        + ", norm="
        + norm
        + (attention ? ", attention" : "")
        + (deepSupervision ? ", deep supervision" : "")
        + "]";
  }

  /** Builder of {@link UNet3D}; starts from the CPU default. */
  public static final class Builder extends ArchitectureBuilder<Builder> {
    private boolean attention;

    private Builder() {
      super(new int[] {8, 16, 32}, Norm.NONE);
    }

    /** Filters per level, finest first (default 8, 16, 32): the same as {@link #widths}. */
    public Builder filters(int... perLevel) {
      return widths(perLevel);
    }

    /** Attention gates on the skip connections (default off). */
    public Builder attention(boolean on) {
      this.attention = on;
      return this;
    }

    @Override
    protected String architectureName() {
      return attention ? ATTENTION_NAME : NAME;
    }

    @Override
    protected Set<Norm> supportedNorms() {
      return EnumSet.of(Norm.NONE, Norm.BATCH, Norm.INSTANCE);
    }

    @Override
    protected boolean supportsDeepSupervision() {
      return true;
    }

    @Override
    protected Map<String, ParameterReader> ownParameters() {
      return Map.of(ATTENTION, (k, v) -> attention(bool(k, v)));
    }

    @Override
    public UNet3D build() {
      return new UNet3D(this);
    }
  }
}
