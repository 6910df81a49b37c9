package io.imat.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageRecordTest {

  @Test
  void keepsMirrorOrderAndNamesTheFile() {
    ImageRecord r = ImageRecord.of("17", "http://a/17.jpg", "http://b/17.jpg");
    assertThat(r.urls()).containsExactly("http://a/17.jpg", "http://b/17.jpg");
    assertThat(r.fileName()).isEqualTo("17.jpg");
  }

  @Test
  void copiesTheUrlList() {
    List<String> urls = new ArrayList<>(List.of("u"));
    ImageRecord r = ImageRecord.of("1", urls);
    urls.add("v");
    assertThat(r.urls()).containsExactly("u");
  }

  @Test
  void rejectsUnsafeIds() {
    assertThatThrownBy(() -> ImageRecord.of("../1", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
