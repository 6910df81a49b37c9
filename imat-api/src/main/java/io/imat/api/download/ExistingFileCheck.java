package io.imat.api.download;

/**
 * How a rerun checks a picture that is already in the output directory before skipping it. The
 * downloader only ever puts complete, validated pictures under a final name, so the cheap header
 * check suffices for its own files; a full decode also catches files that another tool cut off.
 */
public enum ExistingFileCheck {
  /** Format and dimensions from the header (a few hundred bytes per file). */
  HEADER,
  /** A complete decode of every existing file (milliseconds per file). */
  DECODE
}
