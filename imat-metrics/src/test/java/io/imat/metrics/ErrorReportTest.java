package io.imat.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorReportTest {

  @Test
  void tableListsTasksApparelsAndTheOverallLine() {
    ErrorReport r = TopOneError.of(TopOneErrorTest.truth()).score(TopOneErrorTest.predictions());
    String table = r.toTable();
    assertThat(table.lines().toList()).hasSize(1 + 3 + 2 + 1);
    assertThat(table).contains("shoe:gender").contains("dress:color").contains("all shoe");
    assertThat(table).doesNotContain("dress:gender");
    assertThat(table.lines().reduce((a, b) -> b).orElseThrow())
        .contains("0.37500")
        .contains("8 annotated pairs")
        .contains("2 from priors")
        .contains("0 missing");
  }
}
