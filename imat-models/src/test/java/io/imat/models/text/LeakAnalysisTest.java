package io.imat.models.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.progress.ProgressListener;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeakAnalysisTest {
  @Test
  void countsUrlsThatNameTheCorrectOrOnlyAWrongLabel() {
    ImatDataset d =
        ImatDataset.builder(UrlTextModelTest.TAXONOMY)
            .addImage("1", "http://x.com/black-sneakers.jpg") // names the truth
            .addImage("2", "http://x.com/Blacks-Gown.jpg") // plural still names it
            .addImage("3", "http://x.com/white-sneakers.jpg") // names a wrong colour
            .addImage("4", "http://x.com/img_123.jpg") // no words
            .addImage("5", "http://x.com/men-shoes.jpg")
            .addImage("6", "http://x.com/women-shoes.jpg")
            .annotate("1", "10", "1")
            .annotate("2", "20", "1")
            .annotate("3", "10", "1")
            .annotate("4", "10", "2")
            .annotate("5", "10", "2")
            .annotate("5", "11", "4")
            .annotate("6", "11", "5")
            .build();
    LeakReport r =
        LeakAnalysis.builder()
            .folds(2)
            .model(UrlTextModel.builder().epochs(2).build())
            .build()
            .run(d, ProgressListener.none());
    assertThat(r.images()).isEqualTo(6);
    assertThat(r.imagesWithoutWords()).isEqualTo(1);
    TaskLeak shoeColor = r.tasks().get(0);
    assertThat(shoeColor.task().id()).isEqualTo("10");
    assertThat(shoeColor.pairs()).isEqualTo(4);
    assertThat(shoeColor.named()).isEqualTo(1);
    assertThat(shoeColor.misnamed()).isEqualTo(1);
    TaskLeak gender = r.tasks().get(1);
    assertThat(gender.named()).isEqualTo(2); // "men" does not hide inside "women"
    assertThat(r.tasks().get(2).named()).isEqualTo(1);
    assertThat(r.overall().pairs()).isEqualTo(d.pairCount());
    assertThat(r.toTable().lines().toList())
        .first()
        .asString()
        .startsWith("task")
        .contains("named", "prior", "text");
  }

  @Test
  void pluralsNameTheirLabel() {
    assertThat(LeakAnalysis.names(Set.of("shoes"), Set.of("shoe"))).isTrue();
    assertThat(LeakAnalysis.names(Set.of("dresses"), Set.of("dress"))).isTrue();
    assertThat(LeakAnalysis.names(Set.of("boot"), Set.of("boots"))).isTrue();
    assertThat(LeakAnalysis.names(Set.of("women"), Set.of("men"))).isFalse();
  }
}
