package io.imat.api.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.testing.synth.SyntheticDataset;
import io.imat.testing.synth.SyntheticServer;
import io.imat.testing.synth.WebConditions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images with a mirror on a slow host and one on a quick host: once the slow host has shown that it
 * is slow (or while all its slots are taken), the downloader fetches from the quick one.
 */
class SlowHostDownloadTest {
  @TempDir Path dir;

  @Test
  void mirrorsOnASlowHostAreSkippedForQuickOnes() throws Exception {
    SyntheticDataset synth =
        SyntheticDataset.builder().images(80).seed(3).deadFraction(0).flakyFraction(0).build();
    synth.write(dir.resolve("data"));
    // Host 0 answers in 500 ms, host 1 in 20 ms; every image has a mirror on each.
    WebConditions web =
        WebConditions.builder()
            .latency(20, 20)
            .bytesPerSecond(10_000_000)
            .stallShare(0)
            .hosts(2)
            .slowHosts(1)
            .slowFactor(25)
            .build();
    try (SyntheticServer server =
        SyntheticServer.builder(dir.resolve("data")).port(0).web(web).start()) {
      ImatDataset train = server.rebaseAcrossHosts(synth.train());
      int firstOnSlowHost = 0;
      for (ImageRecord r : train.images()) {
        firstOnSlowHost += web.hostOf(r.id(), 0) == 0 ? 1 : 0;
      }
      DownloadReport r =
          ImageDownloader.builder()
              .concurrency(4)
              .maxConnectionsPerHost(4)
              .readTimeout(Duration.ofSeconds(10))
              .build()
              .download(train.images(), dir.resolve("out"));

      assertThat(r.downloaded()).as(r.toJson()).isEqualTo(train.size());
      assertThat(firstOnSlowHost).isGreaterThan(train.size() / 4);
      // In dataset order every one of those would have gone to the slow host; only the first few
      // do, before its first answer arrives (4 slots), plus a few while it is still unmeasured.
      assertThat(server.requestsTo(0)).isLessThan(firstOnSlowHost / 2);
      assertThat(server.requestsTo(0) + server.requestsTo(1)).isEqualTo(train.size());
    }
  }
}
