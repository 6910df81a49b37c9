package io.imat.api.dataset;

import com.google.gson.stream.JsonWriter;
import io.imat.api.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes datasets in the iMaterialist JSON layout. */
final class DatasetWriter {
  private DatasetWriter() {}

  static void write(ImatDataset d, Path file) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          JsonWriter w = new JsonWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
          w.beginObject().name("images").beginArray();
          for (ImageRecord image : d.images()) {
            w.beginObject().name("imageId").value(image.id()).name("url").beginArray();
            for (String url : image.urls()) {
              w.value(url);
            }
            w.endArray().endObject();
          }
          w.endArray();
          if (d.hasAnnotations()) {
            int labels = d.taxonomy().labelCount();
            w.name("annotations").beginArray();
            for (int i = 0; i < d.size(); i++) {
              for (int code : d.codes(i)) {
                w.beginObject()
                    .name("imageId")
                    .value(d.image(i).id())
                    .name("taskId")
                    .value(d.taxonomy().tasks().get(code / labels).id())
                    .name("labelId")
                    .value(d.taxonomy().labels().get(code % labels).id())
                    .endObject();
              }
            }
            w.endArray();
          }
          w.endObject();
          w.flush();
        });
  }
}
