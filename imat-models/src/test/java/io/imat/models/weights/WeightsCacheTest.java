package io.imat.models.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.api.download.FailureKind;
import io.imat.api.download.FileDownload;
import io.imat.api.download.FileDownloadException;
import io.imat.api.download.RetryPolicy;
import io.imat.api.progress.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsCacheTest {
  static final String NAME = "tiny_weights_tf_dim_ordering_tf_kernels_notop.h5";

  @TempDir Path tmp;
  final byte[] content = bytes(50_000, 1);
  final Map<String, String> env = new HashMap<>();
  LoopbackServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String hash(String algorithm, byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  Path home() {
    return tmp.resolve("home");
  }

  ImagenetFile file(List<String> urls) throws Exception {
    return ImagenetFile.of("tiny", NAME, urls, List.of(hash("MD5", content)));
  }

  ImagenetFile file() throws Exception {
    return file(List.of("https://example.org/tiny/" + NAME));
  }

  WeightsCache.Builder cache(ImagenetFile f) {
    return WeightsCache.builder()
        .environment(env)
        .homeDirectory(home())
        .files(ImagenetFiles.of(f))
        .download(
            FileDownload.builder()
                .retryPolicy(
                    RetryPolicy.builder()
                        .maxRetries(1)
                        .initialBackoff(java.time.Duration.ofMillis(5))
                        .build())
                .build());
  }

  static Path put(Path dir, byte[] b) throws Exception {
    Files.createDirectories(dir);
    return Files.write(dir.resolve(NAME), b);
  }

  Path kerasDir() {
    return home().resolve(".keras/models");
  }

  Path imatDir() {
    return home().resolve(".cache/imat/weights");
  }

  @Test
  void theSearchPathIsImatWeightsThenKerasThenImatsCache() throws Exception {
    WeightsCache plain = cache(file()).build();
    assertThat(plain.searchPath()).containsExactly(kerasDir(), imatDir());
    assertThat(plain.fetchDirectory()).isEqualTo(imatDir());

    env.put("IMAT_WEIGHTS", tmp.resolve("w").toString());
    env.put("KERAS_HOME", tmp.resolve("kh").toString());
    env.put("XDG_CACHE_HOME", tmp.resolve("xdg").toString());
    WeightsCache all = cache(file()).build();
    assertThat(all.searchPath())
        .containsExactly(
            tmp.resolve("w"),
            tmp.resolve("kh/models"),
            kerasDir(),
            tmp.resolve("xdg/imat/weights"));
    assertThat(all.fetchDirectory()).isEqualTo(tmp.resolve("w"));
    assertThat(all.imatDirectory()).isEqualTo(tmp.resolve("xdg/imat/weights"));

    WeightsCache elsewhere = all.toBuilder().fetchDirectory(tmp.resolve("d")).build();
    assertThat(elsewhere.fetchDirectory()).isEqualTo(tmp.resolve("d"));
    assertThat(elsewhere.searchPath()).endsWith(tmp.resolve("d")).hasSize(5);
  }

  @Test
  void imatWeightsBeatsKerasModelsWhichBeatsImatsCache() throws Exception {
    env.put("IMAT_WEIGHTS", tmp.resolve("w").toString());
    ImagenetFile f = file();
    WeightsCache cache = cache(f).build();
    Path inImat = put(imatDir(), content);
    assertThat(cache.find(f)).contains(inImat);
    Path inKeras = put(kerasDir(), content);
    assertThat(cache.find(f)).contains(inKeras);
    Path inEnv = put(tmp.resolve("w"), content);
    assertThat(cache.locate(f)).isEqualTo(inEnv);
    CachedFile c = cache.check(f);
    assertThat(c.state()).isEqualTo(CachedFile.State.OK);
    assertThat(c.hash()).contains(hash("MD5", content));

    Files.delete(inEnv);
    Files.delete(inKeras);
    assertThat(cache.locate(f)).isEqualTo(inImat);
  }

  @Test
  void aWrongHashIsATypedErrorNamingTheFileAndBothHashes() throws Exception {
    ImagenetFile f = file();
    WeightsCache cache = cache(f).build();
    byte[] cut = java.util.Arrays.copyOf(content, 20_000);
    Path bad = put(kerasDir(), cut);
    put(imatDir(), content); // a good copy later on the path does not hide the bad one

    CachedFile c = cache.check(f);
    assertThat(c.state()).isEqualTo(CachedFile.State.WRONG_HASH);
    assertThat(c.path()).contains(bad);
    assertThat(c.hash()).contains(hash("MD5", cut));
    assertThatThrownBy(() -> cache.locate(f))
        .isInstanceOfSatisfying(
            WeightsHashException.class,
            e -> {
              assertThat(e.source()).isEqualTo(bad.toString());
              assertThat(e.actual()).isEqualTo(hash("MD5", cut));
              assertThat(e.file()).isEqualTo(f);
              assertThat(e.getMessage())
                  .startsWith(bad + ": md5 " + hash("MD5", cut))
                  .contains(hash("MD5", content))
                  .contains("imat weights fetch tiny")
                  .doesNotContain("\n");
            });
  }

  @Test
  void sha256HashesAreAcceptedLikeKerasGetFileDoes() throws Exception {
    ImagenetFile f =
        ImagenetFile.of(
            "tiny",
            NAME,
            List.of("https://example.org/" + NAME),
            List.of("0".repeat(32), hash("SHA-256", content).toUpperCase()));
    put(kerasDir(), content);
    CachedFile c = cache(f).build().check(f);
    assertThat(c.isOk()).isTrue();
    assertThat(c.hash()).contains(hash("SHA-256", content));

    assertThatThrownBy(() -> ImagenetFile.of("tiny", NAME, List.of("u"), List.of("abc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither an MD5");
    assertThatThrownBy(
            () -> ImagenetFile.of("tiny", "../x.h5", List.of("u"), List.of("0".repeat(32))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingFileFailsWithOneMessageNamingFileUrlDirectoryAndCommand() throws Exception {
    env.put("IMAT_WEIGHTS", tmp.resolve("w").toString());
    ImagenetFile f = file();
    WeightsCache cache = cache(f).build();

    assertThat(cache.find(f)).isEmpty();
    assertThat(cache.check(f).state()).isEqualTo(CachedFile.State.MISSING);
    assertThatThrownBy(() -> cache.locate(f))
        .isInstanceOfSatisfying(
            WeightsNotFoundException.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith(NAME + " (Keras ImageNet weights of tiny) is in none of ")
                  .contains(tmp.resolve("w") + " ($IMAT_WEIGHTS)")
                  .contains(kerasDir().toString())
                  .contains(imatDir().toString())
                  .contains(
                      "download https://example.org/tiny/" + NAME + " into " + tmp.resolve("w"))
                  .contains("`imat weights fetch tiny`")
                  .doesNotContain("\n");
              assertThat(e.putIn()).isEqualTo(tmp.resolve("w"));
              assertThat(e.searched()).hasSize(3);
            });
  }

  @Test
  void aCheckedHashIsRememberedUntilTheFileChanges() throws Exception {
    ImagenetFile f = file();
    Path p = put(kerasDir(), content);
    assertThat(cache(f).build().check(f).isOk()).isTrue();
    assertThat(imatDir().resolve(VerifiedFiles.FILE_NAME)).exists();

    // Same size, same time, same inode: taken on trust, not hashed again.
    FileTime time = Files.getLastModifiedTime(p);
    byte[] other = bytes(content.length, 2);
    Files.write(p, other);
    Files.setLastModifiedTime(p, time);
    assertThat(cache(f).build().check(f).isOk()).isTrue();
    assertThat(cache(f).rememberVerified(false).build().check(f).state())
        .isEqualTo(CachedFile.State.WRONG_HASH);

    // A new modification time: hashed again.
    Files.setLastModifiedTime(p, FileTime.fromMillis(time.toMillis() - 60_000));
    assertThat(cache(f).build().check(f).state()).isEqualTo(CachedFile.State.WRONG_HASH);
  }

  @Test
  void fetchDownloadsChecksAndRenamesIntoTheFetchDirectoryOnce() throws Exception {
    server = new LoopbackServer().serve("/tiny/" + NAME, content);
    ImagenetFile f = file(List.of(server.url("/tiny/" + NAME)));
    WeightsCache cache = cache(f).build();

    WeightsCache.Fetched r = cache.fetch(f, ProgressListener.none());
    assertThat(r.downloaded()).isTrue();
    assertThat(r.path()).isEqualTo(imatDir().resolve(NAME));
    assertThat(r.hash()).isEqualTo(hash("MD5", content));
    assertThat(r.bytes()).isEqualTo(content.length);
    assertThat(Files.readAllBytes(r.path())).isEqualTo(content);
    assertThat(FileDownload.partFile(r.path())).doesNotExist();
    assertThat(cache.locate(f)).isEqualTo(r.path());

    WeightsCache.Fetched again = cache.fetch(f, ProgressListener.none());
    assertThat(again.downloaded()).isFalse();
    assertThat(again.url()).isEmpty();
    assertThat(server.hits("/tiny/" + NAME)).isEqualTo(1);
  }

  @Test
  void fetchTriesTheNextUrlAndRefusesAFileWithAnotherHash() throws Exception {
    server = new LoopbackServer().serve("/good", content).serve("/other", bytes(1000, 3));
    ImagenetFile f = file(List.of(server.url("/gone"), server.url("/good")));
    Path dir = tmp.resolve("d");
    WeightsCache cache = cache(f).fetchDirectory(dir).build();

    WeightsCache.Fetched r = cache.fetch(f, ProgressListener.none());
    assertThat(r.url()).contains(server.url("/good"));
    assertThat(r.path()).isEqualTo(dir.resolve(NAME));

    Path dir2 = tmp.resolve("d2");
    WeightsCache other = cache(f).fetchDirectory(dir2).build();
    assertThatThrownBy(() -> other.fetch(f, List.of(server.url("/other")), ProgressListener.none()))
        .isInstanceOfSatisfying(
            WeightsHashException.class,
            e ->
                assertThat(e.getMessage())
                    .startsWith(server.url("/other") + ": md5 ")
                    .contains(hash("MD5", content)));
    assertThat(dir2.resolve(NAME)).doesNotExist();
    assertThat(FileDownload.partFile(dir2.resolve(NAME))).doesNotExist();

    assertThatThrownBy(
            () ->
                other.fetch(
                    f, List.of(server.url("/gone"), "file:///etc/passwd"), ProgressListener.none()))
        .isInstanceOfSatisfying(
            FileDownloadException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.BAD_URL);
              assertThat(e.getSuppressed()).hasSize(1);
            });
  }

  @Test
  void fetchReplacesAWrongCopyInTheFetchDirectory() throws Exception {
    server = new LoopbackServer().serve("/w", content);
    ImagenetFile f = file(List.of(server.url("/w")));
    put(imatDir(), bytes(10, 4));
    WeightsCache cache = cache(f).build();
    assertThat(cache.check(f).state()).isEqualTo(CachedFile.State.WRONG_HASH);

    assertThat(cache.fetch(f, ProgressListener.none()).downloaded()).isTrue();
    assertThat(cache.check(f).isOk()).isTrue();
  }
}
