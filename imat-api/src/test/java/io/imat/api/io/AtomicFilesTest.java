package io.imat.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.api.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  private final FileSystem fs = Fixtures.jimfs();

  @TempDir Path tmp;

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void failingWrite(Path target, boolean unchecked) throws IOException {
    AtomicFiles.write(
        target,
        out -> {
          out.write("partial content".getBytes(StandardCharsets.UTF_8));
          if (unchecked) {
            throw new UncheckedIOException(new IOException("disk on fire"));
          }
          throw new IOException("disk on fire");
        });
  }

  @Test
  void writesBytesOnDisk() throws IOException {
    Path target = tmp.resolve("a.bin");
    AtomicFiles.write(target, new byte[] {1, 2, 3});
    assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
    assertThat(listing(tmp)).containsExactly("a.bin");
  }

  @Test
  void writesOnJimfsAndCreatesParentDirectories() throws IOException {
    Path target = fs.getPath("/deep/er/file.txt");
    AtomicFiles.write(target, out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));
    assertThat(Files.readString(target)).isEqualTo("hello");
    assertThat(listing(target.getParent())).containsExactly("file.txt");
  }

  @Test
  void replacesAnExistingFile() throws IOException {
    Path target = tmp.resolve("a.txt");
    Files.writeString(target, "old and longer");
    AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(target)).isEqualTo("new");
  }

  @Test
  void failingWriterLeavesNoFileAndNoTempFileOnDisk() {
    Path target = tmp.resolve("out.pred");
    assertThatThrownBy(() -> failingWrite(target, false))
        .isInstanceOf(FileWriteException.class)
        .hasMessage(target + ": cannot write: disk on fire (no file was written)");
    assertThat(target).doesNotExist();
    assertThat(tmp.toFile().list()).isEmpty();
  }

  @Test
  void failingWriterWithUncheckedExceptionLeavesNoTempFileOnJimfs() throws IOException {
    Path dir = fs.getPath("/work");
    Path target = dir.resolve("out.pred");
    assertThatThrownBy(() -> failingWrite(target, true)).isInstanceOf(UncheckedIOException.class);
    assertThat(target).doesNotExist();
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void failingWriterKeepsThePreviousContent() throws IOException {
    Path target = tmp.resolve("out.csv");
    Files.writeString(target, "complete old version");
    assertThatThrownBy(() -> failingWrite(target, false)).isInstanceOf(IOException.class);
    assertThat(Files.readString(target)).isEqualTo("complete old version");
    assertThat(listing(tmp)).containsExactly("out.csv");
  }

  @Test
  void moveReplacesTheTarget() throws IOException {
    Path source = fs.getPath("/a.part");
    Path target = fs.getPath("/a");
    Files.writeString(source, "new");
    Files.writeString(target, "old");
    AtomicFiles.move(source, target);
    assertThat(source).doesNotExist();
    assertThat(Files.readString(target)).isEqualTo("new");
  }
}
