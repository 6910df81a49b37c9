package io.imat.api.download;

import com.google.common.collect.ImmutableMap;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.testing.synth.Fault;
import io.imat.testing.synth.SyntheticDataset;
import io.imat.testing.synth.SyntheticManifest;
import io.imat.testing.synth.SyntheticServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hand-made synthetic data directory: pictures for ids 1..n and chosen faults, served by the real
 * {@link SyntheticServer}. Mirror k of image i is {@code /m<k>/<i>/p.jpg}.
 */
final class FaultyMirrors implements AutoCloseable {
  final Path dir;
  final int images;
  final Map<String, byte[]> pictures = new LinkedHashMap<>();
  private final Map<String, Fault> faults = new LinkedHashMap<>();
  private SyntheticServer server;

  FaultyMirrors(Path dir, int images) throws IOException {
    this.dir = dir;
    this.images = images;
    Files.createDirectories(dir.resolve("images"));
    // The pictures of a small synthetic dataset, whose ids are 1..n as well.
    SyntheticDataset synth =
        SyntheticDataset.builder().images(Math.max(10, images)).imageSize(40).build();
    for (int i = 1; i <= images; i++) {
      byte[] jpeg = synth.jpeg(String.valueOf(i));
      pictures.put(String.valueOf(i), jpeg);
      Files.write(dir.resolve("images").resolve(i + ".jpg"), jpeg);
    }
  }

  static String path(int image, int mirror) {
    return "/m" + mirror + "/" + image + "/p.jpg";
  }

  FaultyMirrors fault(int image, int mirror, Fault fault) {
    faults.put(path(image, mirror), fault);
    return this;
  }

  /** Removes image {@code i}'s picture, as for an image that is gone. */
  FaultyMirrors gone(int image) throws IOException {
    Files.delete(dir.resolve("images").resolve(image + ".jpg"));
    pictures.remove(String.valueOf(image));
    return this;
  }

  SyntheticServer start() throws IOException {
    new SyntheticManifest(1, images, 40, "http://127.0.0.1:1", ImmutableMap.copyOf(faults))
        .write(dir);
    server = SyntheticServer.builder(dir).port(0).stall(Duration.ofSeconds(30)).start();
    return server;
  }

  SyntheticServer server() {
    return server;
  }

  /** Images 1..n with {@code mirrors} URLs each, on the running server. */
  ImatDataset dataset(int mirrors) {
    ImatDataset.Builder b = ImatDataset.builder(Taxonomy.imaterialist2017());
    for (int i = 1; i <= images; i++) {
      String[] urls = new String[mirrors];
      for (int m = 0; m < mirrors; m++) {
        urls[m] = server.baseUrl() + path(i, m);
      }
      b.addImage(String.valueOf(i), urls);
    }
    return b.build();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
