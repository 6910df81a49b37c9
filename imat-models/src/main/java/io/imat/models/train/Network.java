package io.imat.models.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.imat.models.layers.BatchNormFolding;
import io.imat.models.layers.MixedPrecision;
import io.imat.models.layers.NamedSequential;
import io.imat.models.layers.SeededDropout;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Backbone + head as one block. While the backbone is frozen (the warm-up) it runs in inference
 * mode, exactly like a Keras layer with {@code trainable=False}: batch norm uses and keeps its
 * moving statistics, and no gradient flows into it — so a warm-up epoch leaves every backbone
 * tensor bit-identical and costs only a forward pass through it. Fine-tuning may keep the bottom
 * layers frozen the same way ({@link #prepareForFineTuning}).
 */
public final class Network extends AbstractBlock {
  private static final byte VERSION = 1;
  private final Block backbone;
  private final Block head;
  private boolean backboneFrozen;
  private int frozenLayers;
  private BatchNormFolding.@Nullable Cache frozenFolding;
  private Precision precision = Precision.FP32;
  private @Nullable MixedPrecision mixed;
  private @Nullable Map<Parameter, String> names;

  /** Joins {@code backbone} (outputs pooled features) and {@code head} (outputs logits). */
  public Network(Block backbone, Block head) {
    super(VERSION);
    this.backbone = addChildBlock("backbone", backbone);
    this.head = addChildBlock("head", head);
  }

  /** The backbone block. */
  public Block backbone() {
    return backbone;
  }

  /** The head block. */
  public Block head() {
    return head;
  }

  /**
   * Sets which parameters learn: the head always, the backbone unless {@code warmup} (see the class
   * comment). Call before each epoch; loading weights can reset the flags.
   */
  public void prepareForTraining(boolean warmup) {
    this.backboneFrozen = warmup;
    this.frozenLayers = 0;
    setTrainable(backbone, !warmup);
    setTrainable(head, true);
  }

  /**
   * Sets the fine-tuning flags: the head and the backbone learn, except the first {@code
   * frozenLayers} top-level layers of the backbone, which stay frozen and run in inference mode.
   *
   * @throws IllegalArgumentException if {@code frozenLayers > 0} and the backbone is not a {@link
   *     NamedSequential}
   */
  public void prepareForFineTuning(int frozenLayers) {
    if (frozenLayers <= 0) {
      prepareForTraining(false);
      return;
    }
    if (!(backbone instanceof NamedSequential seq)) {
      throw new IllegalArgumentException(
          "only a NamedSequential backbone can be partly frozen, not " + backbone.getClass());
    }
    this.backboneFrozen = false;
    this.frozenLayers = Math.min(frozenLayers, seq.size());
    for (int i = 0; i < seq.size(); i++) {
      setTrainable(seq.get(i), i >= this.frozenLayers);
    }
    setTrainable(head, true);
  }

  /** Top-level backbone layers frozen during fine-tuning (0 when all learn). */
  public int frozenLayers() {
    return frozenLayers;
  }

  // Not Block.freezeParameters(false): it would make batch-norm moving statistics require
  // gradients, which PyTorch rejects for tensors it updates in place.
  private static void setTrainable(Block block, boolean trainable) {
    for (var p : block.getParameters()) {
      Parameter param = p.getValue();
      Parameter.Type type = param.getType();
      if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
        param.freeze(!trainable);
      }
    }
  }

  /**
   * Seeds the dropout masks of the next training forward pass (see {@link SeededDropout}): the
   * training loop calls it before every batch with a seed derived from the run's seed, the epoch
   * and the batch, so the masks do not depend on what ran before in this JVM.
   */
  public void reseedDropout(long seed) {
    reseed(this, seed);
  }

  private static void reseed(Block block, long seed) {
    if (block instanceof SeededDropout d) {
      d.reseed(seed);
    }
    for (Block child : block.getChildren().values()) {
      reseed(child, seed);
    }
  }

  /**
   * Folds the batch norms of the frozen layers into their convolutions in training forward passes
   * from now on, with folded weights kept in {@code cache}; null stops. The frozen layers must not
   * change while the cache is in use: the training loop opens one per epoch.
   */
  public void foldFrozenLayers(BatchNormFolding.@Nullable Cache cache) {
    this.frozenFolding = cache;
  }

  /**
   * Sets the number format of training forward passes from now on (see {@link Precision}), with
   * what bfloat16 needs loaded on {@code manager} (freed with it): inference passes always run in
   * float32, and the logits come out float32 either way.
   */
  public void trainIn(Precision value, NDManager manager) {
    if (value == Precision.BF16 && mixed == null) {
      mixed = MixedPrecision.load(manager);
    }
    this.precision = value;
  }

  /** Whether the backbone is frozen. */
  public boolean isBackboneFrozen() {
    return backboneFrozen;
  }

  /**
   * The parameter's name in this network, such as {@code 01backbone_02conv1_weight}: the same in
   * every instance of the same architecture, unlike {@link Parameter#getId()} (a random UUID per
   * instance). The optimizer keys its state by it, so a checkpoint's Adam moments find their
   * parameters again in a new JVM.
   *
   * @throws IllegalArgumentException if {@code p} is not a parameter of this network
   */
  public String parameterName(Parameter p) {
    Map<Parameter, String> n = names;
    if (n == null) {
      n = new IdentityHashMap<>();
      for (var e : getParameters()) {
        n.put(e.getValue(), e.getKey());
      }
      names = n;
    }
    String name = n.get(p);
    if (name == null) {
      throw new IllegalArgumentException("not a parameter of this network: " + p.getName());
    }
    return name;
  }

  /** The parameters the optimizer updates now: those that require gradients. */
  public List<Parameter> trainableParameters() {
    List<Parameter> out = new ArrayList<>();
    for (var p : getParameters()) {
      Parameter param = p.getValue();
      if (param.requiresGradient() && param.isInitialized()) {
        out.add(param);
      }
    }
    return out;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList features;
    if (training
        && (backboneFrozen || frozenLayers > 0)
        && frozenFolding != null
        && (params == null || params.get(BatchNormFolding.CACHE) == null)) {
      // Frozen layers run in inference mode with constant weights: their batch norms fold.
      params = BatchNormFolding.params(frozenFolding);
    }
    MixedPrecision bf16 = training && precision == Precision.BF16 ? mixed : null;
    if (bf16 != null) {
      params = MixedPrecision.params(bf16, params);
    }
    if (training && frozenLayers > 0 && !backboneFrozen) {
      features = ((NamedSequential) backbone).forward(store, inputs, true, params, frozenLayers);
    } else {
      features = backbone.forward(store, inputs, training && !backboneFrozen, params);
    }
    NDList logits = head.forward(store, features, training, params);
    if (bf16 != null) {
      // The loss runs in float32, as autocast runs binary_cross_entropy_with_logits.
      logits = new NDList(bf16.toFloat32(logits.singletonOrThrow()));
    }
    return logits;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    backbone.initialize(manager, dataType, inputShapes);
    head.initialize(manager, dataType, backbone.getOutputShapes(inputShapes));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return head.getOutputShapes(backbone.getOutputShapes(inputShapes));
  }
}
