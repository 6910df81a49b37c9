package io.imat.models.head;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import org.junit.jupiter.api.Test;

class HeadTest {
  // Two apparels; "black" is shared by both colour tasks; task 3 shares "flat" with task 2.
  static final Taxonomy T =
      Taxonomy.builder()
          .addLabel("1", "black")
          .addLabel("2", "red")
          .addLabel("3", "flat")
          .addLabel("4", "high")
          .addTask("10", "shoe:color", java.util.List.of("1", "2"))
          .addTask("11", "shoe:heel", java.util.List.of("3", "4"))
          .addTask("12", "shoe:type", java.util.List.of("3"))
          .addTask("20", "dress:color", java.util.List.of("1", "2"))
          .build();

  static ImatDataset data() {
    return ImatDataset.builder(T)
        .addImage("a")
        .annotate("a", "10", "1")
        .addImage("b")
        .annotate("b", "20", "2")
        .annotate("b", "20", "1")
        .build();
  }

  @Test
  void maskedSigmoidGivesZeroGradientOutsideTheAnnotatedTasks() {
    ImatDataset d = data();
    Head head = Head.maskedSigmoid();
    float[] target = new float[2 * 4];
    float[] mask = new float[2 * 4];
    head.encode(d, 0, target, mask, 0);
    head.encode(d, 1, target, mask, 1);
    // Image a is annotated for shoe:color only: labels black and red count, flat/high do not.
    assertThat(java.util.Arrays.copyOfRange(mask, 0, 4)).containsExactly(1, 1, 0, 0);
    assertThat(java.util.Arrays.copyOfRange(target, 0, 4)).containsExactly(1, 0, 0, 0);
    assertThat(java.util.Arrays.copyOfRange(target, 4, 8)).containsExactly(1, 1, 0, 0);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray logits = m.randomNormal(new Shape(2, 4));
      logits.setRequiresGradient(true);
      NDArray grad;
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray loss =
            head.loss(
                logits, m.create(target, new Shape(2, 4)), m.create(mask, new Shape(2, 4)), T);
        gc.backward(loss);
      }
      grad = logits.getGradient();
      float[] g = grad.toFloatArray();
      assertThat(g[2]).isZero();
      assertThat(g[3]).isZero();
      assertThat(g[0]).isNotZero();
      assertThat(g[1]).isNotZero();
    }
    // The unmasked head trains every label.
    float[] full = new float[2 * 4];
    Head.sigmoid().encode(d, 0, target, full, 0);
    assertThat(java.util.Arrays.copyOfRange(full, 0, 4)).containsExactly(1, 1, 1, 1);
  }

  @Test
  void perTaskSoftmaxSplitsTheTargetMassAndMasksUnannotatedTasks() {
    ImatDataset d = data();
    Head head = Head.perTaskSoftmax();
    // pairs: 2 + 2 + 1 + 2 = 7, apparels: dress, shoe
    assertThat(head.outputs(T)).isEqualTo(9);
    float[] target = new float[2 * 9];
    float[] mask = new float[2 * 5];
    head.encode(d, 0, target, mask, 0);
    head.encode(d, 1, target, mask, 1);
    assertThat(java.util.Arrays.copyOfRange(target, 0, 9))
        .containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 1); // shoe:color=black, apparel shoe
    assertThat(java.util.Arrays.copyOfRange(target, 9, 18))
        .containsExactly(0, 0, 0, 0, 0, 0.5f, 0.5f, 1, 0); // two correct labels share the mass
    assertThat(java.util.Arrays.copyOfRange(mask, 0, 5)).containsExactly(1, 0, 0, 0, 1);
    assertThat(java.util.Arrays.copyOfRange(mask, 5, 10)).containsExactly(0, 0, 0, 1, 1);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray logits = m.randomNormal(new Shape(2, 9));
      logits.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(
            head.loss(
                logits, m.create(target, new Shape(2, 9)), m.create(mask, new Shape(2, 5)), T));
      }
      float[] g = logits.getGradient().toFloatArray();
      // Image a: shoe:heel and shoe:type and dress:color are not annotated -> no gradient there.
      for (int k = 2; k < 7; k++) {
        assertThat(g[k]).as("output %s", k).isZero();
      }
      assertThat(g[0]).isNotZero();
    }
  }

  @Test
  void perTaskProbabilitiesFollowTheApparelAndEachTasksArgmax() {
    Head head = Head.perTaskSoftmax();
    // shoe:color prefers red, dress:color prefers black, apparel says shoe.
    float[] logits = {0, 3, 2, 0, 0, 4, 0, -5, 5};
    float[] row = new float[4];
    head.probabilities(logits, 0, T, row);
    Task shoeColor = T.task("10");
    Label best = shoeColor.labels().get(row[0] > row[1] ? 0 : 1);
    assertThat(best.name()).isEqualTo("red");
    double sum = 0;
    for (float v : row) {
      assertThat(v).isBetween(0f, 1f);
      sum += v;
    }
    assertThat(sum).isGreaterThan(0);
  }
}
