package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import com.google.common.jimfs.Jimfs;
import io.imat.models.Classifier;
import io.imat.models.backbone.Backbone;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Choosing a precision, and refusing bf16 on a CPU without native bfloat16 arithmetic. */
class PrecisionTest {
  private static final String ZEN4 =
      "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9R14\n"
          + "flags\t\t: fpu sse2 avx2 avx512f avx512bw avx512_bf16 avx512_vnni\n\n"
          + "processor\t: 1\nmodel name\t: AMD EPYC 9R14\nflags\t\t: fpu\n";
  private static final String SKYLAKE =
      "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Platinum 8175M\n"
          + "flags\t\t: fpu sse2 avx2 avx512f avx512bw avx512_vnni\n";

  @Test
  void namesParseInAnyCase() {
    assertThat(Precision.of("bf16")).isEqualTo(Precision.BF16);
    assertThat(Precision.of("FP32")).isEqualTo(Precision.FP32);
    assertThatThrownBy(() -> Precision.of("fp16"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fp16")
        .hasMessageContaining("fp32 or bf16");
  }

  @Test
  void bf16RunsWhereTheCpuHasBfloat16Instructions() {
    Precision.BF16.check(CpuFeatures.parse(ZEN4));
    Precision.BF16.check(
        CpuFeatures.parse("model name : Xeon Sapphire Rapids\nflags : amx_bf16\n"));
    Precision.FP32.check(CpuFeatures.parse(SKYLAKE));
  }

  @Test
  void anOptionValueIsParsedAndCheckedInOneStep() {
    assertThat(Precision.ofSupported("bf16", CpuFeatures.parse(ZEN4))).isEqualTo(Precision.BF16);
    assertThatThrownBy(() -> Precision.ofSupported("bf16", CpuFeatures.parse(SKYLAKE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Intel(R) Xeon(R) Platinum 8175M");
    assertThatThrownBy(() -> Precision.ofSupported("half", CpuFeatures.parse(ZEN4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("half");
  }

  @Test
  void bf16IsRefusedOnACpuWithoutThemNamingIt() {
    assertThatThrownBy(() -> Precision.BF16.check(CpuFeatures.parse(SKYLAKE)))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("Intel(R) Xeon(R) Platinum 8175M")
        .hasMessageContaining("avx512_bf16")
        .hasMessageContaining("fp32");
  }

  @Test
  void anUnreadableCpuinfoKnowsNoFlagAndRefusesBf16() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem()) {
      Path missing = fs.getPath("/proc/cpuinfo");
      CpuFeatures none = CpuFeatures.read(missing);
      assertThat(none.has("avx512_bf16")).isFalse();
      assertThatThrownBy(() -> Precision.BF16.check(none))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("unreadable");
      Files.createDirectories(missing.getParent());
      Files.writeString(missing, ZEN4);
      CpuFeatures read = CpuFeatures.read(missing);
      assertThat(read.has("avx512_bf16")).isTrue();
      assertThat(read.model()).isEqualTo("AMD EPYC 9R14");
    }
  }

  @Test
  void theClassifierCarriesThePrecisionIntoItsConfigAndJson() {
    TrainingConfig plain =
        Classifier.builder().backbone(Backbone.RESNET18).randomInit().build().config();
    TrainingConfig mixed =
        Classifier.builder()
            .backbone(Backbone.RESNET18)
            .randomInit()
            .precision(Precision.BF16)
            .build()
            .config();
    assertThat(plain.precision()).isEqualTo(Precision.FP32);
    assertThat(plain.toJson().get("precision").getAsString()).isEqualTo("fp32");
    assertThat(mixed.precision()).isEqualTo(Precision.BF16);
    assertThat(mixed.toJson().get("precision").getAsString()).isEqualTo("bf16");
    assertThat(Precision.BF16.computeType()).isEqualTo(DataType.BFLOAT16);
  }
}
