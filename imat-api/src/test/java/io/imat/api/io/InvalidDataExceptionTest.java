package io.imat.api.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class InvalidDataExceptionTest {

  @Test
  void messageNamesSourceLocationAndProblem() {
    InvalidDataException e =
        new InvalidDataException("train.json", "$.annotations[7].labelId", "unknown label id '9'");
    assertThat(e.getMessage())
        .isEqualTo("train.json: $.annotations[7].labelId: unknown label id '9'");
    assertThat(e.source()).isEqualTo("train.json");
    assertThat(e.location()).isEqualTo("$.annotations[7].labelId");
    assertThat(e.problem()).isEqualTo("unknown label id '9'");
  }

  @Test
  void emptyLocationIsLeftOut() {
    InvalidDataException e = new InvalidDataException("a.pred", "", "bad magic");
    assertThat(e.getMessage()).isEqualTo("a.pred: bad magic");
  }

  @Test
  void keepsTheCause() {
    IOException cause = new IOException("low level");
    assertThat(new InvalidDataException("f", "line 2", "x", cause).getCause()).isSameAs(cause);
  }
}
