/**
 * The picture downloader (mirrors, retries, validated atomic files, resume) and a generic resumable
 * file download.
 */
@NullMarked
package io.imat.api.download;

import org.jspecify.annotations.NullMarked;
