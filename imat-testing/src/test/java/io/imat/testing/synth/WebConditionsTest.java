package io.imat.testing.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.common.collect.ImmutableMap;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebConditionsTest {
  @TempDir Path dir;

  @Test
  void drawsDependOnlyOnSeedPathAndHitAndFollowTheOptions() {
    WebConditions web = WebConditions.builder().latency(50, 300).stallShare(0.01).build();
    WebConditions same = WebConditions.builder().latency(50, 300).stallShare(0.01).build();
    int stalls = 0;
    int[] perHost = new int[web.hosts()];
    for (int i = 0; i < 20_000; i++) {
      String path = "/m0/" + i + "/x.jpg";
      Duration normal = web.latency(3, path, 1);
      assertThat(normal).isBetween(Duration.ofMillis(50), Duration.ofMillis(300));
      assertThat(web.latency(0, path, 1).toNanos()).isCloseTo(normal.toNanos() * 5, within(10L));
      assertThat(same.latency(3, path, 1)).isEqualTo(normal);
      assertThat(same.stalls(path, 1)).isEqualTo(web.stalls(path, 1));
      stalls += web.stalls(path, 1) ? 1 : 0;
      perHost[web.hostOf(String.valueOf(i), 0)]++;
      // An image's mirrors are on different hosts.
      assertThat(web.hostOf(String.valueOf(i), 1)).isNotEqualTo(web.hostOf(String.valueOf(i), 0));
    }
    assertThat(stalls).isBetween(140, 260); // 1 % of 20,000, within 4 standard deviations
    for (int n : perHost) {
      assertThat(n).isBetween(2000, 3000); // 2,500 each
    }
    assertThat(web.bytesPerSecond(0)).isEqualTo(50_000);
    assertThat(web.bytesPerSecond(1)).isEqualTo(250_000);
    assertThat(WebConditions.builder().seed(2).build().latency(3, "/m0/1/x.jpg", 1))
        .isNotEqualTo(web.latency(3, "/m0/1/x.jpg", 1));
  }

  @Test
  void badOptionsAreRefused() {
    assertThatThrownBy(() -> WebConditions.builder().latency(300, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("300-50");
    assertThatThrownBy(() -> WebConditions.builder().hosts(2).slowHosts(3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slowHosts 3 > hosts 2");
  }

  @Test
  void everyHostServesThePicturesWithTheLatencyAndPaceOfItsKind() throws Exception {
    Files.createDirectories(dir.resolve("images"));
    byte[] picture = new byte[20_000];
    new java.util.Random(1).nextBytes(picture);
    Files.write(dir.resolve("images/1.jpg"), picture);
    new SyntheticManifest(1, 1, 128, "http://127.0.0.1:1", ImmutableMap.of()).write(dir);
    // Host 0 is slow: 100 ms x 4 to the first byte, 20,000 B at 100,000 / 4 B/s = 0.8 s; host 1
    // 100 ms and 0.2 s.
    WebConditions web =
        WebConditions.builder()
            .latency(100, 100)
            .bytesPerSecond(100_000)
            .stallShare(0)
            .hosts(3)
            .slowHosts(1)
            .slowFactor(4)
            .build();
    HttpClient client = HttpClient.newHttpClient();
    try (SyntheticServer server =
        SyntheticServer.builder(dir).port(0).web(web).stall(Duration.ofSeconds(5)).start()) {
      assertThat(server.baseUrls()).hasSize(3).doesNotHaveDuplicates();
      long[] nanos = new long[3];
      for (int h = 0; h < 3; h++) {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r =
            client.send(
                HttpRequest.newBuilder(URI.create(server.baseUrls().get(h) + "/m0/1/x.jpg"))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        nanos[h] = System.nanoTime() - t0;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(picture);
        assertThat(server.requestsTo(h)).isEqualTo(1);
      }
      // Lower bounds only: the server waits at least this long (a busy machine may add more).
      assertThat(nanos[0]).isGreaterThanOrEqualTo(Duration.ofMillis(400 + 800).toNanos());
      assertThat(nanos[1]).isGreaterThanOrEqualTo(Duration.ofMillis(100 + 200).toNanos());
    }
  }

  @Test
  void aStalledRequestGetsNoAnswer() throws Exception {
    Files.createDirectories(dir.resolve("images"));
    Files.write(dir.resolve("images/1.jpg"), new byte[] {1, 2, 3});
    new SyntheticManifest(1, 1, 128, "http://127.0.0.1:1", ImmutableMap.of()).write(dir);
    WebConditions web = WebConditions.builder().stallShare(1).hosts(1).slowHosts(0).build();
    HttpClient client = HttpClient.newHttpClient();
    try (SyntheticServer server =
        SyntheticServer.builder(dir).port(0).web(web).stall(Duration.ofSeconds(30)).start()) {
      assertThatThrownBy(
              () ->
                  client.send(
                      HttpRequest.newBuilder(URI.create(server.baseUrl() + "/m0/1/x.jpg"))
                          .timeout(Duration.ofMillis(300))
                          .build(),
                      HttpResponse.BodyHandlers.ofByteArray()))
          .isInstanceOf(HttpTimeoutException.class);
    }
  }
}
