package io.imat.api.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UrlsTest {
  @Test
  void scrapedUrlsWithIllegalCharactersAreEscaped() {
    assertThat(Urls.parse("http://shop.example/img/Red Dress|2.jpg").toString())
        .isEqualTo("http://shop.example/img/Red%20Dress%7C2.jpg");
    assertThat(Urls.parse("http://shop.example/robe-été.jpg").getRawPath())
        .isEqualTo("/robe-%C3%A9t%C3%A9.jpg");
    assertThat(Urls.parse("http://shop.example/a%20b.jpg").getRawPath()).isEqualTo("/a%20b.jpg");
    assertThat(Urls.parse("http://shop.example/100%.jpg").getRawPath()).isEqualTo("/100%25.jpg");
    assertThat(Urls.parse("HTTPS://shop.example/a.jpg#frag").toString())
        .isEqualTo("HTTPS://shop.example/a.jpg");
  }

  @Test
  void onlyAbsoluteHttpUrlsWithAHostPass() {
    assertThatThrownBy(() -> Urls.parse("file:///etc/passwd"))
        .hasMessageContaining("unsupported scheme 'file'");
    assertThatThrownBy(() -> Urls.parse("javascript:alert(1)"))
        .hasMessageContaining("unsupported scheme");
    assertThatThrownBy(() -> Urls.parse("/relative/a.jpg")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> Urls.parse("http:///a.jpg")).hasMessageContaining("host");
    assertThatThrownBy(() -> Urls.parse("http://[bad/a.jpg")).hasMessageContaining("malformed");
  }
}
