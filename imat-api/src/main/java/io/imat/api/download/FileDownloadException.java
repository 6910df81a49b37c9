package io.imat.api.download;

import java.io.IOException;

/**
 * A {@link FileDownload} that failed on the network side: the URL refused (not http/https), a
 * status, a redirect the downloader does not follow, a body over the cap, or transient failures
 * that outlasted the retries. The message is one line naming the URL and the cause.
 */
public final class FileDownloadException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final FailureKind kind;

  FileDownloadException(String url, FailureKind kind, String message) {
    super(message);
    this.url = url;
    this.kind = kind;
  }

  /** The URL as given to the download. */
  public String url() {
    return url;
  }

  /** What went wrong, in the picture downloader's terms. */
  public FailureKind kind() {
    return kind;
  }
}
