package io.imat.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageIdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"1", "33726", "abc_DEF-9.x", "a..b", "img_1.jpg", "Z"})
  void plainIdsAreSafe(String id) {
    assertThat(ImageIds.problem(id)).isEmpty();
    assertThat(ImageIds.isSafe(id)).isTrue();
    assertThat(ImageIds.checkSafe(id)).isSameAs(id);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "../x",
        ".hidden",
        "-n",
        "a/b",
        "/abs",
        "a\\b",
        "a\u0000b",
        "a\nb",
        "tab\t",
        "del\u007f",
        "a b",
        "a:b",
        "é",
        "a*b"
      })
  void idsThatCouldEscapeOrConfuseAPathAreUnsafe(String id) {
    assertThat(ImageIds.problem(id)).isPresent();
    assertThat(ImageIds.isSafe(id)).isFalse();
    assertThatThrownBy(() -> ImageIds.checkSafe(id)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lengthIsLimited() {
    assertThat(ImageIds.isSafe("a".repeat(ImageIds.MAX_LENGTH))).isTrue();
    assertThat(ImageIds.isSafe("a".repeat(ImageIds.MAX_LENGTH + 1))).isFalse();
  }

  @Test
  void problemsNameTheCulpritPrintably() {
    assertThat(ImageIds.problem("a/b")).get().asString().contains("path separator");
    assertThat(ImageIds.problem("a\u0001b"))
        .get()
        .asString()
        .contains("U+0001")
        .doesNotContain("\u0001");
    assertThat(ImageIds.problem(".x")).get().asString().contains("starts with '.'");
  }
}
