package io.imat.examples.runnable;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imat example savedmodel} end to end. Tagged {@code tensorflow}: the build runs it in a JVM
 * without PyTorch training, whose CPU kernels TensorFlow's natives corrupt.
 */
@Tag("tensorflow")
class SavedModelExampleTest {
  @TempDir Path dir;

  @Test
  void savedModelIsBuiltLoadedAndRunOnTheTensorFlowEngine() {
    String out = ExamplesTest.run("savedmodel", dir.toString());
    assertThat(out).contains("32 px input").contains("validation top-1 error: SavedModel");
    assertThat(dir.resolve("tiny_savedmodel/saved_model.pb")).isNotEmptyFile();
  }
}
