/**
 * Headless image networks: the Keras-exact ResNet-50, Inception v3 and Xception, ResNet-18, and
 * their building blocks.
 */
@NullMarked
package io.imat.models.backbone;

import org.jspecify.annotations.NullMarked;
