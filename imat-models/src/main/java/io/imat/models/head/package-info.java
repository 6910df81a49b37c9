/**
 * Classification heads on pooled backbone features: one sigmoid per label, or one softmax per task.
 */
@NullMarked
package io.imat.models.head;

import org.jspecify.annotations.NullMarked;
