package io.imat.testing.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.io.InvalidDataException;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticServerTest {
  @TempDir Path dir;
  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final Map<String, Fault> faults = new LinkedHashMap<>();
  private byte[] picture;
  private SyntheticServer server;

  @BeforeEach
  void pictures() throws IOException {
    Files.createDirectories(dir.resolve("images"));
    SyntheticDataset synth = SyntheticDataset.builder().images(10).build();
    picture = synth.jpeg("1");
    Files.write(dir.resolve("images/1.jpg"), picture);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private SyntheticServer start() throws IOException {
    new SyntheticManifest(1, 1, 128, "http://127.0.0.1:1", ImmutableMap.copyOf(faults)).write(dir);
    server = SyntheticServer.builder(dir).port(0).stall(Duration.ofSeconds(20)).start();
    return server;
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return client.send(
        java.net.http.HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void servesThePictureOfTheIdInThePathAnd404ForGoneOnes() throws Exception {
    start();
    HttpResponse<byte[]> ok = get("/m1/1/red-dress.jpg");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("content-type")).contains("image/jpeg");
    assertThat(ok.body()).isEqualTo(picture);
    assertThat(get("/m0/2/gone.jpg").statusCode()).isEqualTo(404);
    // The id is checked before it touches a path.
    assertThat(get("/m0/..%2Fsynth.json/x.jpg").statusCode()).isEqualTo(404);
    assertThat(get("/m0/../synth.json").statusCode()).isEqualTo(404);
    assertThat(server.requests()).isEqualTo(4);
    assertThat(server.requests("/m1/1/red-dress.jpg")).isEqualTo(1);
  }

  @Test
  void permanentFaultsAnswerTheSameEveryTime() throws Exception {
    faults.put("/m0/1/a.jpg", Fault.of(FaultKind.NOT_FOUND, 0));
    faults.put("/m0/1/b.jpg", Fault.of(FaultKind.GONE, 0));
    faults.put("/m0/1/c.jpg", Fault.of(FaultKind.SERVER_ERROR, 0));
    faults.put("/m0/1/d.jpg", Fault.of(FaultKind.HTML_PAGE, 0));
    faults.put("/m0/1/e.jpg", Fault.of(FaultKind.REDIRECT_LOOP, 0));
    start();
    for (int i = 0; i < 2; i++) {
      assertThat(get("/m0/1/a.jpg").statusCode()).isEqualTo(404);
      assertThat(get("/m0/1/b.jpg").statusCode()).isEqualTo(410);
      assertThat(get("/m0/1/c.jpg").statusCode()).isEqualTo(500);
      HttpResponse<byte[]> html = get("/m0/1/d.jpg");
      assertThat(html.statusCode()).isEqualTo(200);
      assertThat(html.headers().firstValue("content-type").orElse("")).startsWith("text/html");
      assertThat(new String(html.body())).startsWith("<!DOCTYPE html>");
      HttpResponse<byte[]> loop = get("/m0/1/e.jpg");
      assertThat(loop.statusCode()).isEqualTo(302);
      assertThat(loop.headers().firstValue("location")).contains(server.baseUrl() + "/m0/1/e.jpg");
    }
  }

  @Test
  void aTruncatedBodyAnnouncesMoreThanItSends() throws Exception {
    faults.put("/m0/1/t.jpg", Fault.of(FaultKind.TRUNCATED, 0));
    start();
    assertThatThrownBy(() -> get("/m0/1/t.jpg"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("content-length: " + picture.length);
  }

  @Test
  void aStallSendsNothing() throws Exception {
    faults.put("/m0/1/s.jpg", Fault.of(FaultKind.STALL, 0));
    start();
    assertThatThrownBy(
            () ->
                client.send(
                    java.net.http.HttpRequest.newBuilder(
                            URI.create(server.baseUrl() + "/m0/1/s.jpg"))
                        .timeout(Duration.ofMillis(300))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray()))
        .isInstanceOf(HttpTimeoutException.class);
    // Stalled requests hold no handler thread: the server still answers.
    assertThat(get("/m0/1/ok.jpg").statusCode()).isEqualTo(200);
  }

  @Test
  void transientFaultsRecover() throws Exception {
    faults.put("/m0/1/f.jpg", Fault.of(FaultKind.FLAKY, 2));
    faults.put("/m0/1/r.jpg", Fault.of(FaultKind.RATE_LIMITED, 7));
    faults.put("/m0/1/x.jpg", Fault.redirect("/m1/1/y.jpg"));
    start();
    assertThat(get("/m0/1/f.jpg").statusCode()).isEqualTo(503);
    assertThat(get("/m0/1/f.jpg").statusCode()).isEqualTo(503);
    assertThat(get("/m0/1/f.jpg").body()).isEqualTo(picture);
    HttpResponse<byte[]> limited = get("/m0/1/r.jpg");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).contains("7");
    assertThat(get("/m0/1/r.jpg").body()).isEqualTo(picture);
    HttpResponse<byte[]> redirect = get("/m0/1/x.jpg");
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("location"))
        .contains(server.baseUrl() + "/m1/1/y.jpg");
  }

  @Test
  void defaultsToTheManifestPortAndRebasesDatasets() throws Exception {
    SyntheticDataset synth = SyntheticDataset.builder().images(20).build();
    Path data = dir.resolve("synth");
    synth.write(data);
    try (SyntheticServer ephemeral = SyntheticServer.builder(data).port(0).start()) {
      ImatDataset rebased = ephemeral.rebase(synth.train());
      assertThat(rebased.size()).isEqualTo(synth.train().size());
      assertThat(rebased.pairCount()).isEqualTo(synth.train().pairCount());
      assertThat(rebased.hasAnnotations()).isTrue();
      assertThat(rebased.image(0).urls())
          .allSatisfy(u -> assertThat(u).startsWith(ephemeral.baseUrl() + "/m"));
      // A second server on the same port cannot start.
      assertThatThrownBy(() -> SyntheticServer.builder(data).port(ephemeral.port()).start())
          .isInstanceOf(BindException.class);
    }
    assertThat(synth.manifest().port()).isEqualTo(8642);
  }

  @Test
  void aDirectoryWithoutManifestIsRejectedByName() {
    assertThatThrownBy(() -> SyntheticServer.builder(dir.resolve("nothing")).port(0).start())
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("synth.json")
        .hasMessageContaining("imat synth");
  }
}
