package io.imat.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentBenchmarkTest {

  @Test
  void runsAndReportsJson() {
    BenchmarkResult r =
        AugmentBenchmark.builder()
            .size(32)
            .threads(2)
            .warmup(Duration.ZERO)
            .runs(3)
            .runDuration(Duration.ofMillis(20))
            .batchSize(4)
            .build()
            .run();
    assertThat(r.size()).isEqualTo(32);
    assertThat(r.threads()).isEqualTo(2);
    assertThat(r.runsImagesPerSecond()).hasSize(3);
    assertThat(r.imagesPerSecond()).isPositive();
    assertThat(r.images()).isGreaterThanOrEqualTo(12);
    assertThat(r.toJson())
        .startsWith("{\"size\": 32, \"threads\": 2, \"imagesPerSecond\": ")
        .contains("\"runs\": [")
        .contains("\"imagesPerCpuSecond\": ");
  }

  @Test
  void medianOfRuns() {
    BenchmarkResult r =
        BenchmarkResult.create(
            224, 1, java.util.List.of(5.0, 1.0, 100.0, 7.0), java.util.List.of(), 10, 1);
    assertThat(r.imagesPerSecond()).isEqualTo(6.0);
    assertThat(r.minImagesPerSecond()).isEqualTo(1.0);
    assertThat(r.maxImagesPerSecond()).isEqualTo(100.0);
    assertThat(r.imagesPerCpuSecond()).isNaN();
    assertThat(r.toJson()).contains("\"imagesPerCpuSecond\": null");
  }

  @Test
  void combinesTheRunsOfOneConfiguration() {
    BenchmarkResult a = BenchmarkResult.create(224, 1, List.of(1.0, 2.0), List.of(1.5), 10, 1);
    BenchmarkResult b = BenchmarkResult.create(224, 1, List.of(9.0), List.of(), 5, 0.5);
    BenchmarkResult both = BenchmarkResult.combine(List.of(a, b));
    assertThat(both.runsImagesPerSecond()).containsExactly(1.0, 2.0, 9.0);
    assertThat(both.imagesPerSecond()).isEqualTo(2.0);
    assertThat(both.runsImagesPerCpuSecond()).containsExactly(1.5);
    assertThat(both.images()).isEqualTo(15);
    assertThat(both.seconds()).isEqualTo(1.5);
    BenchmarkResult other = BenchmarkResult.create(512, 1, List.of(1.0), List.of(), 1, 1);
    assertThatThrownBy(() -> BenchmarkResult.combine(List.of(a, other)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different configurations");
    assertThatThrownBy(() -> BenchmarkResult.combine(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void syntheticPicturesAreDeterministic() {
    assertThat(AugmentBenchmark.syntheticPicture(20, 10, 3))
        .isEqualTo(AugmentBenchmark.syntheticPicture(20, 10, 3))
        .isNotEqualTo(AugmentBenchmark.syntheticPicture(20, 10, 4));
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> AugmentBenchmark.builder().threads(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AugmentBenchmark.builder().runDuration(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
