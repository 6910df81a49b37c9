package io.imat.augment;

import com.google.auto.value.AutoValue;
import io.imat.augment.geometry.BoundingBox;
import io.imat.augment.geometry.Keypoint;
import io.imat.augment.image.Image;
import java.util.List;

/**
 * An image with the annotations that must follow it through augmentation: keypoints and bounding
 * boxes in continuous pixel coordinates (see {@link io.imat.augment.geometry.AffineTransform}).
 * Augmenters keep the order of both lists, so labels can be kept alongside by index.
 */
@AutoValue
public abstract class Sample {
  Sample() {}

  /** An image without annotations. */
  public static Sample of(Image image) {
    return of(image, List.of(), List.of());
  }

  /** An image with keypoints and boxes (lists are copied). */
  public static Sample of(Image image, List<Keypoint> keypoints, List<BoundingBox> boxes) {
    return new AutoValue_Sample(image, List.copyOf(keypoints), List.copyOf(boxes));
  }

  /** The pixels. */
  public abstract Image image();

  /** The keypoints, in their original order (unmodifiable). */
  public abstract List<Keypoint> keypoints();

  /** The boxes, in their original order (unmodifiable). */
  public abstract List<BoundingBox> boxes();
}
