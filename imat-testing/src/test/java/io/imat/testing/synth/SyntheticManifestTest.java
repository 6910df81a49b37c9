package io.imat.testing.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.collect.ImmutableMap;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.imat.api.io.InvalidDataException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyntheticManifestTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path dir = fs.getPath("/synth");

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  @Test
  void roundTripsWithEveryFaultField() throws IOException {
    SyntheticManifest m =
        new SyntheticManifest(
            42,
            600,
            128,
            "http://127.0.0.1:8642",
            ImmutableMap.of(
                "/m0/1/a.jpg", Fault.of(FaultKind.FLAKY, 2),
                "/m0/2/b.jpg", Fault.redirect("/m1/2/c.jpg"),
                "/m1/3/d.jpg", Fault.of(FaultKind.GONE, 0)));
    m.write(dir);
    assertThat(SyntheticManifest.read(dir)).isEqualTo(m);
    assertThat(m.port()).isEqualTo(8642);
  }

  @Test
  void missingManifestSaysWhatToDo() {
    InvalidDataException e =
        catchThrowableOfType(InvalidDataException.class, () -> SyntheticManifest.read(dir));
    assertThat(e.source()).isEqualTo(dir.resolve("synth.json").toString());
    assertThat(e.problem()).contains("imat synth");
  }

  @Test
  void corruptManifestNamesTheFile() throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("synth.json"), "{\"seed\":1}");
    InvalidDataException e =
        catchThrowableOfType(InvalidDataException.class, () -> SyntheticManifest.read(dir));
    assertThat(e.source()).isEqualTo(dir.resolve("synth.json").toString());
  }
}
