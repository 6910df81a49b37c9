package io.imat.api;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.imat.api.taxonomy.Taxonomy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small hand-made inputs shared by the imat-api tests. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * A tiny taxonomy: labels 1 black, 2 white, 3 red, 4 grey, 5 gray, 6 men, 7 women; tasks 1
   * shoe:color [1 2 3 4 5], 2 shoe:gender [6 7], 3 dress:color [1 2 3 4].
   */
  public static Taxonomy tiny() {
    return Taxonomy.builder()
        .addLabel("1", "black")
        .addLabel("2", "white")
        .addLabel("3", "red")
        .addLabel("4", "grey")
        .addLabel("5", "gray")
        .addLabel("6", "men")
        .addLabel("7", "women")
        .addTask("1", "shoe:color", List.of("1", "2", "3", "4", "5"))
        .addTask("2", "shoe:gender", List.of("6", "7"))
        .addTask("3", "dress:color", List.of("1", "2", "3", "4"))
        .build();
  }

  /** A fresh in-memory Unix file system; close it after the test. */
  public static FileSystem jimfs() {
    return Jimfs.newFileSystem(Configuration.unix());
  }

  /** JSON written with single quotes for readability: every {@code '} becomes {@code "}. */
  public static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  /** Writes {@code text} as UTF-8, creating parent directories. */
  public static Path write(Path file, String text) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
