package io.imat.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.api.dataset.ImageRecord;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Taxonomy;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UrlTokenizerTest {
  private final UrlTokenizer tok = UrlTokenizer.defaults();

  @Test
  void decodesEscapesAndPlusAndDropsSchemeHostFurnitureAndExtension() {
    assertThat(
            tok.words(
                "https://www.shoes.com/images/Adidas%20Response%20II%20Wrestling%20Shoes%20Red.jpg"))
        .containsExactly("shoes", "adidas", "response", "ii", "wrestling", "shoes", "red");
    assertThat(tok.words("http://shop.example.co.uk/p/navy+blue+midi+dress.JPEG?w=400&h=600"))
        .containsExactly("shop", "example", "navy", "blue", "midi", "dress");
  }

  @Test
  void decodesDoubleEscapesUtf8AndKeepsMalformedEscapes() {
    assertThat(tok.words("http://a.com/Women%2520Red%2520Coat.jpg"))
        .containsExactly("women", "red", "coat");
    assertThat(tok.words("http://a.com/robe-d%C3%A9collet%C3%A9e.jpg"))
        .containsExactly("robe", "décolletée");
    assertThat(tok.words("http://a.com/100%zzcotton-dress.jpg")).contains("zzcotton", "dress");
    assertThat(UrlTokenizer.decode("%E2%82%AC%2")).isEqualTo("€%2");
  }

  @Test
  void splitsCamelCaseAndDigitsAndDropsNumbers() {
    assertThat(tok.words("http://h.com/MenBlackLeopardJeansNew53383.jpg"))
        .containsExactly("men", "black", "leopard", "jeans", "new");
    assertThat(tok.words("http://h.com/NavyBlueDress18.jpg"))
        .containsExactly("navy", "blue", "dress");
    assertThat(tok.words("http://h.com/XMLParser_summer2017.png"))
        .containsExactly("xml", "parser", "summer");
    assertThat(UrlTokenizer.splitWord("iPhoneXSMax")).containsExactly("i", "Phone", "XS", "Max");
  }

  @Test
  void dropsHashLikeRunsWhole() {
    assertThat(
            tok.words(
                "https://img.alicdn.com/imgextra/i2/2457040556/TB2Z8PHcXXXXXbRXpXXXXXXXXXX_!!2457040556.jpg"))
        .containsExactly("alicdn", "imgextra");
    assertThat(tok.words("http://h.com/5f3a9b2c0d1e/red-dress.jpg"))
        .containsExactly("red", "dress");
    assertThat(UrlTokenizer.looksLikeHash("Dress18")).isFalse();
    assertThat(UrlTokenizer.looksLikeHash("summer2017")).isFalse();
    assertThat(UrlTokenizer.looksLikeHash("deadbeef01")).isTrue();
    assertThat(UrlTokenizer.looksLikeHash("a1b2c3d4e5f6")).isTrue();
  }

  @Test
  void dropsIpAndLocalhostHostsAndImageIdSegments() {
    assertThat(tok.words("http://127.0.0.1:8642/m0/17/kids-red-shoes-10.jpg", "17"))
        .containsExactly("kids", "red", "shoes");
    assertThat(tok.words("http://localhost:8080/m1/17/Women%20Floor%20Length.jpg", "17"))
        .containsExactly("women", "floor", "length");
    assertThat(tok.words("http://user@[::1]:80/x/Red.jpg")).containsExactly("red");
    // Without the id, "17" is still a number and goes; a word-like id would stay.
    assertThat(tok.words("http://127.0.0.1/m0/shoe/red.jpg", "shoe")).containsExactly("red");
  }

  @Test
  void featuresUseEveryMirrorWithBigramsWithinOneUrlOnly() {
    ImageRecord image =
        ImageRecord.of(
            "5",
            "http://127.0.0.1:8642/m0/5/white-boots.jpg",
            "http://127.0.0.1:8642/m1/5/img_123456.jpg",
            "http://127.0.0.1:8642/m2/5/Kids%20White%20Shoe.jpg");
    assertThat(tok.words(image)).containsExactly("white", "boots", "kids", "shoe");
    assertThat(tok.features(image))
        .containsExactly(
            "w:white",
            "w:white boots",
            "w:boots",
            "w:kids",
            "w:kids white",
            "w:white shoe",
            "w:shoe")
        .doesNotContain("w:boots kids");
    assertThat(tok.features(ImageRecord.of("9"))).isEmpty();
  }

  @Test
  void characterNgramsAreOptional() {
    UrlTokenizer chars = UrlTokenizer.builder().wordNgrams(1).charNgrams(3, 4).build();
    assertThat(chars.features(ImageRecord.of("1", "http://h.com/red.jpg")))
        .containsExactly("w:red", "c:<re", "c:red", "c:ed>", "c:<red", "c:red>");
    assertThat(tok.features(ImageRecord.of("1", "http://h.com/red.jpg"))).containsExactly("w:red");
  }

  @Test
  void stopWordsAreConfigurable() {
    assertThat(tok.words("http://h.com/the-red-dress-for-women.jpg"))
        .containsExactly("red", "dress", "women");
    UrlTokenizer none = UrlTokenizer.builder().stopWords(Set.of()).build();
    assertThat(none.words("http://h.com/the-red-dress-for-women.jpg"))
        .containsExactly("the", "red", "dress", "for", "women");
    UrlTokenizer custom = UrlTokenizer.builder().stopWords(Set.of("Dress")).build();
    assertThat(custom.words("http://h.com/the-red-dress.jpg")).containsExactly("the", "red");
  }

  @Test
  void noDefaultStopWordIsAWordOfARealLabel() {
    Set<String> labelWords = new HashSet<>();
    UrlTokenizer keepAll = UrlTokenizer.builder().stopWords(Set.of()).minWordLength(1).build();
    for (Label l : Taxonomy.imaterialist2017().labels()) {
      labelWords.addAll(keepAll.words(l.name()));
    }
    assertThat(labelWords).contains("navy", "and", "off");
    assertThat(UrlTokenizer.DEFAULT_STOP_WORDS).doesNotContainAnyElementsOf(labelWords);
  }

  @Test
  void rejectsBadOptions() {
    assertThatThrownBy(() -> UrlTokenizer.builder().wordNgrams(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UrlTokenizer.builder().charNgrams(5, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
