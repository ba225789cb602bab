package org.liverseg.models.zoo;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.models.Architecture;
import org.liverseg.models.ArchitectureBuilder;
import org.liverseg.models.DeepSupervision;
import org.liverseg.models.NetworkSettings;
import org.liverseg.models.Norm;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;

/**
 * nnU-Net's residual-encoder U-Net ({@value #NAME}; dynamic_network_architectures {@code
 * ResidualEncoderUNet} with {@code BasicBlockD}, as nnU-Net v2's ResEnc planners configure it).
 *
 * <p>Encoder: a stem (3x3x3 convolution, norm, leaky ReLU with slope 0.01) to {@code widths[0]}
 * channels, then per stage {@code s} a stack of {@code blocks[s]} residual blocks; the first block
 * of every stage after the first downsamples with stride 2. A block (ResNet-D): {@code conv1}
 * (3x3x3, the stride, norm, leaky ReLU), {@code conv2} (3x3x3, norm, no activation), plus the
 * shortcut (2x2x2 average pooling if strided, then a 1x1x1 convolution without bias + norm if the
 * channels change; else the identity), then leaky ReLU. Decoder, from the bottom up: a transposed
 * convolution (kernel = stride = 2, with bias) to the skip's channels, concatenation {@code [up,
 * skip]}, {@code decoderConvs} blocks of 3x3x3 convolution, norm, leaky ReLU; a 1x1x1 convolution
 * to the classes. All convolutions have bias (nnU-Net's {@code conv_bias=True}) except the shortcut
 * projections. Normalisation: {@link Norm#INSTANCE} (nnU-Net's, default) or {@link Norm#BATCH}.
 *
 * <p>{@link #newNetwork()} initialises like nnU-Net: He-normal convolutions and, in every residual
 * block, the scale and shift of the normalisation before the addition set to zero ({@code
 * init_last_bn_before_add_to_0}), so that each block starts as its shortcut.
 *
 * <p>Deep supervision ({@link DeepSupervision}) adds outputs after the decoder stages at 1/2, 1/4,
 * ... of the resolution, except the coarsest one, as nnU-Net trains it. Unlike nnU-Net, which
 * always builds a 1x1x1 output convolution for every decoder stage, only the outputs in use exist,
 * so the parameter count is smaller by those unused heads.
 *
 * <p>D, H and W must be multiples of {@code 2^(stages-1)}.
 */
public final class ResEncUNet implements Architecture {

  /** Zoo name. */
  public static final String NAME = "resenc-unet";

  /** nnU-Net's encoder blocks per stage (ResEnc planners), truncated to the number of stages. */
  static final int[] NNUNET_BLOCKS = {1, 3, 4, 6, 6, 6, 6, 6, 6, 6, 6};

  private static final IActivation LEAKY = new ActivationLReLU(0.01);
  private static final String BLOCKS = "blocksPerStage";
  private static final String DECODER_CONVS = "decoderConvs";

  private final NetworkSettings settings;
  private final int[] widths;
  private final int[] blocks;
  private final int[] decoderConvs;
  private final Norm norm;
  private final boolean deepSupervision;

  private ResEncUNet(
      NetworkSettings settings,
      int[] widths,
      int[] blocks,
      int[] decoderConvs,
      Norm norm,
      boolean deepSupervision) {
    this.settings = settings;
    this.widths = widths;
    this.norm = norm;
    this.deepSupervision = deepSupervision;
    int stages = widths.length;
    if (stages < 2) {
      throw new IllegalArgumentException(
          NAME + " needs at least 2 stages, got widths " + Arrays.toString(widths));
    }
    this.blocks = blocks != null ? blocks : nnUnetBlocks(stages);
    this.decoderConvs = decoderConvs != null ? decoderConvs : ones(stages - 1);
    if (this.blocks.length != stages) {
      throw new IllegalArgumentException(
          NAME
              + ": blocks per stage "
              + Arrays.toString(this.blocks)
              + " must have one entry per stage of widths "
              + Arrays.toString(widths));
    }
    if (this.decoderConvs.length != stages - 1) {
      throw new IllegalArgumentException(
          NAME
              + ": decoder convolutions "
              + Arrays.toString(this.decoderConvs)
              + " must have one entry per decoder stage ("
              + (stages - 1)
              + ")");
    }
    if (deepSupervision && stages < 4) {
      throw new IllegalArgumentException(
          "deep supervision needs at least 4 stages (the coarsest decoder output is dropped, as in"
              + " nnU-Net), got "
              + stages);
    }
  }

  /**
   * The zoo default, sized for CPU training: 4 stages of 8, 16, 32, 64 channels with 1, 3, 4, 6
   * blocks, instance norm, one convolution per decoder stage, no deep supervision.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * nnU-Net's ResEnc-M configuration for 3D (nnUNetPlannerResEncM): 6 stages of 32, 64, 128, 256,
   * 320, 320 channels with 1, 3, 4, 6, 6, 6 blocks, instance norm, deep supervision.
   */
  public static Builder nnUnetResEncM() {
    return new Builder().widths(32, 64, 128, 256, 320, 320).deepSupervision(true);
  }

  /** nnU-Net's blocks per stage for {@code stages} stages. */
  static int[] nnUnetBlocks(int stages) {
    if (stages > NNUNET_BLOCKS.length) {
      throw new IllegalArgumentException(
          NAME + ": give blocksPerStage for more than " + NNUNET_BLOCKS.length + " stages");
    }
    return Arrays.copyOf(NNUNET_BLOCKS, stages);
  }

  private static int[] ones(int n) {
    int[] a = new int[n];
    Arrays.fill(a, 1);
    return a;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NetworkSettings settings() {
    return settings;
  }

  /** Channels per stage, finest first. */
  @Override
  public int[] widths() {
    return widths.clone();
  }

  /** Residual blocks per encoder stage. */
  public int[] blocksPerStage() {
    return blocks.clone();
  }

  /** Convolution blocks per decoder stage, from the coarsest up (nnU-Net's order). */
  public int[] decoderConvs() {
    return decoderConvs.clone();
  }

  /** The normalisation. */
  public Norm norm() {
    return norm;
  }

  /** Whether deep-supervision outputs are built. */
  public boolean deepSupervision() {
    return deepSupervision;
  }

  @Override
  public int sizeDivisor() {
    return 1 << (widths.length - 1);
  }

  @Override
  public List<Output> outputs() {
    return DeepSupervision.outputs(deepSupervision ? widths.length - 2 : 1);
  }

  @Override
  public JsonObject parameters() {
    JsonObject o = ArchitectureBuilder.commonParameters(settings, widths, norm, deepSupervision);
    o.add(BLOCKS, ArchitectureBuilder.jsonArray(blocks));
    o.add(DECODER_CONVS, ArchitectureBuilder.jsonArray(decoderConvs));
    return o;
  }

  @Override
  public Builder toBuilder() {
    return new Builder()
        .copy(this)
        .widths(widths)
        .blocksPerStage(blocks)
        .decoderConvs(decoderConvs)
        .norm(norm)
        .deepSupervision(deepSupervision);
  }

  /** The name of the normalisation before the addition in block {@code b} of stage {@code s}. */
  static String lastNormOfBlock(int s, int b) {
    return block(s, b) + "_conv2_norm";
  }

  private static String block(int s, int b) {
    return "s" + s + "b" + b;
  }

  @Override
  public ComputationGraphConfiguration configuration() {
    ComputationGraphConfiguration.GraphBuilder g = Blocks.graph(settings);
    Blocks b = new Blocks(g, settings, norm, 0);
    int stages = widths.length;
    String x = b.convNormAct("stem", INPUT, settings.inputChannels(), widths[0], 3, 1, true, LEAKY);
    int channels = widths[0];
    String[] skips = new String[stages];
    for (int s = 0; s < stages; s++) {
      for (int k = 0; k < blocks[s]; k++) {
        x = residualBlock(b, block(s, k), x, channels, widths[s], s > 0 && k == 0 ? 2 : 1);
        channels = widths[s];
      }
      skips[s] = x;
    }
    List<Output> outputs = outputs();
    List<String> outputNames = new ArrayList<>();
    for (int l = stages - 2; l >= 0; l--) {
      String up = b.transposedConv("up" + l, x, channels, widths[l], true);
      x = b.concat("cat" + l, up, skips[l]);
      channels = 2 * widths[l];
      for (int j = 0; j < decoderConvs[stages - 2 - l]; j++) {
        x = b.convNormAct("dec" + l + "_c" + j, x, channels, widths[l], 3, 1, true, LEAKY);
        channels = widths[l];
      }
      if (l < outputs.size()) {
        Output o = outputs.get(l);
        outputNames.add(
            0,
            b.head(
                DeepSupervision.logitsName(l),
                o.name(),
                x,
                channels,
                DeepSupervision.lossScale(o)));
      }
    }
    return Blocks.finish(g, settings, sizeDivisor(), outputNames.toArray(String[]::new));
  }

  /** nnU-Net's BasicBlockD. */
  private static String residualBlock(
      Blocks b, String name, String in, int nIn, int nOut, int stride) {
    String c1 = b.convNormAct(name + "_conv1", in, nIn, nOut, 3, stride, true, LEAKY);
    String c2 =
        b.convNormAct(name + "_conv2", c1, nOut, nOut, 3, 1, true, new ActivationIdentity());
    String shortcut = in;
    if (stride != 1) {
      shortcut = b.avgPool(name + "_pool", shortcut);
    }
    if (nIn != nOut) {
      shortcut =
          b.convNormAct(name + "_proj", shortcut, nIn, nOut, 1, 1, false, new ActivationIdentity());
    }
    return b.activation(name + "_act", b.add(name + "_add", c2, shortcut), LEAKY);
  }

  /**
   * A new network initialised like nnU-Net's: He-normal convolutions, and the normalisation before
   * each residual addition with scale and shift 0.
   */
  @Override
  public ComputationGraph newNetwork() {
    ComputationGraph net = Architecture.super.newNetwork();
    for (int s = 0; s < widths.length; s++) {
      for (int k = 0; k < blocks[s]; k++) {
        var layer = net.getLayer(lastNormOfBlock(s, k));
        layer.getParam("gamma").assign(0);
        layer.getParam("beta").assign(0);
      }
    }
    return net;
  }

  @Override
  public String toString() {
    return "ResEncUNet["
        + settings
        + ", widths="
        + Arrays.toString(widths)
        + ", blocks="
        + Arrays.toString(blocks)
        + ", decoderConvs="
        + Arrays.toString(decoderConvs)
        + ", norm="
        + norm
        + (deepSupervision ? ", deep supervision" : "")
        + "]";
  }

  /** Builder of {@link ResEncUNet}; starts from the zoo default. */
  public static final class Builder extends ArchitectureBuilder<Builder> {
    private int[] blocks;
    private int[] decoderConvs;

    private Builder() {
      super(new int[] {8, 16, 32, 64}, Norm.INSTANCE);
    }

    private Builder copy(ResEncUNet a) {
      return from(a);
    }

    /**
     * Residual blocks per encoder stage, one entry per stage (default: nnU-Net's 1, 3, 4, 6, 6, 6,
     * ... truncated to the number of stages).
     */
    public Builder blocksPerStage(int... perStage) {
      for (int n : perStage) {
        positive(n, "blocksPerStage " + Arrays.toString(perStage));
      }
      this.blocks = perStage.clone();
      return this;
    }

    /**
     * Convolution blocks per decoder stage in nnU-Net's order ({@code n_conv_per_stage_decoder}:
     * from the coarsest up), one entry per stage but the coarsest encoder stage (default 1 each).
     */
    public Builder decoderConvs(int... perStage) {
      for (int n : perStage) {
        positive(n, "decoderConvs " + Arrays.toString(perStage));
      }
      this.decoderConvs = perStage.clone();
      return this;
    }

    @Override
    protected String architectureName() {
      return NAME;
    }

    @Override
    protected Set<Norm> supportedNorms() {
      return EnumSet.of(Norm.INSTANCE, Norm.BATCH);
    }

    @Override
    protected boolean supportsDeepSupervision() {
      return true;
    }

    @Override
    protected Map<String, ParameterReader> ownParameters() {
      return Map.of(
          BLOCKS, (k, v) -> blocksPerStage(integers(k, v)),
          DECODER_CONVS, (k, v) -> decoderConvs(integers(k, v)));
    }

    @Override
    public ResEncUNet build() {
      return new ResEncUNet(
          settings(),
          widths.clone(),
          blocks == null ? null : blocks.clone(),
          decoderConvs == null ? null : decoderConvs.clone(),
          norm,
          deepSupervision);
    }
  }
}
