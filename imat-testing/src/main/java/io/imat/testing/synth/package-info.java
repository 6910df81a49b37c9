/**
 * Synthetic iMaterialist data and a server with dead and flaky mirrors, for your tests and demos.
 *
 * <p>{@link io.imat.testing.synth.SyntheticDataset} draws a deterministic iMaterialist-like dataset
 * (garments whose attributes are visible, the real task and label ids, URLs that sometimes name the
 * labels, declared dead and flaky mirrors) and writes it in the exact competition file layout;
 * {@link io.imat.testing.synth.SyntheticServer} serves its pictures on 127.0.0.1 with every fault
 * the dataset's {@code synth.json} declares ({@link io.imat.testing.synth.FaultKind}), so that
 * downloads, training and scoring can be exercised without the network.
 *
 * <p>This package is the whole of the {@code imat-testing} artifact, the way OkHttp ships {@code
 * mockwebserver}: add it with {@code <scope>test</scope>}. It depends on {@code imat-api} only (no
 * DJL). The {@code imat synth}, {@code imat serve} and {@code imat quickstart} commands use it.
 *
 * <pre>{@code
 * SyntheticDataset synth = SyntheticDataset.builder().images(100).seed(7).build();
 * synth.write(dir);
 * try (SyntheticServer server = SyntheticServer.builder(dir).port(0).start()) {
 *   ImatDataset train = server.rebase(synth.train());   // URLs now point at this server
 *   DownloadReport report = ImageDownloader.builder().build().download(train, dir.resolve("train"));
 * }
 * }</pre>
 */
@NullMarked
package io.imat.testing.synth;

import org.jspecify.annotations.NullMarked;
