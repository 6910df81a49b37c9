package io.imat.api.download;

import com.google.auto.value.AutoValue;
import com.google.common.collect.ImmutableList;
import java.util.List;

/** An image none of whose mirrors yielded a valid picture, and why. */
@AutoValue
public abstract class DownloadFailure {
  DownloadFailure() {}

  /** A failure with the per-mirror details; kind and reason are derived from them. */
  public static DownloadFailure of(String imageId, List<MirrorFailure> mirrors) {
    if (mirrors.isEmpty()) {
      return new AutoValue_DownloadFailure(
          imageId, FailureKind.NO_MIRRORS, "no mirror URL", ImmutableList.of());
    }
    String reason;
    if (mirrors.size() == 1) {
      reason = mirrors.get(0).reason();
    } else {
      StringBuilder sb =
          new StringBuilder("all ").append(mirrors.size()).append(" mirrors failed: ");
      for (int i = 0; i < mirrors.size(); i++) {
        sb.append(i == 0 ? "" : "; ").append('#').append(i + 1).append(' ');
        sb.append(mirrors.get(i).reason());
      }
      reason = sb.toString();
    }
    return new AutoValue_DownloadFailure(
        imageId, mirrors.get(0).kind(), reason, ImmutableList.copyOf(mirrors));
  }

  /** The image id. */
  public abstract String imageId();

  /** The kind of failure of the first mirror, the URL the dataset considers primary. */
  public abstract FailureKind kind();

  /** Why the image is missing, in one line naming each mirror's last failure. */
  public abstract String reason();

  /** Each mirror's attempts and last failure, in the dataset's mirror order. */
  public abstract ImmutableList<MirrorFailure> mirrors();
}
