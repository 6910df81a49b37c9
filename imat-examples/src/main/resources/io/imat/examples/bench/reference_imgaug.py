"""Reference augmentation loop for `imat bench augment --imgaug DIR`: imgaug 0.4.0 itself.

The seed pipeline built from imgaug's own augmenters, run on batches of 32 pictures (one
augment_images call per batch, as a training loop calls it), one thread:
  iaa.Sequential([iaa.Crop(percent=(0, 0.1)), iaa.Fliplr(0.5),
                  iaa.Affine(scale=(0.9, 1.1), rotate=(-15, 15), shear=(-8, 8)),
                  iaa.AdditiveGaussianNoise(scale=(0, 0.05 * 255)),
                  iaa.GaussianBlur(sigma=(0, 1)), iaa.LinearContrast((0.75, 1.25))])
imgaug is imported from DIR, its source at git tag 0.4.0 (numpy 1.24 needs the aliases below).
Prints one JSON object: {"imagesPerSecond": ..., ...}.
Usage: python3 reference_imgaug.py SIZE SECONDS RUNS IMGAUG_DIR
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import cv2  # noqa: E402
import numpy as np  # noqa: E402

for _name, _type in (("bool", bool), ("int", int), ("float", float), ("complex", complex),
                     ("object", object)):
    if _name not in vars(np):
        setattr(np, _name, _type)


def picture(size, rng):
    # Smooth colour gradients plus mild grain, like the Java benchmark's pictures.
    y, x = np.mgrid[0:size, 0:size] / size
    base = np.stack([x, y, 1 - (x + y) / 2], axis=-1) * 200 + 20
    return np.clip(base + rng.normal(0, 8, base.shape), 0, 255).astype(np.uint8)


def main():
    size, seconds, runs = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    sys.path.insert(0, sys.argv[4])
    import imgaug
    import imgaug.augmenters as iaa
    if imgaug.__version__ != "0.4.0":
        sys.exit("expected imgaug 0.4.0 in %s, found %s" % (sys.argv[4], imgaug.__version__))
    cv2.setNumThreads(1)
    seq = iaa.Sequential([
        iaa.Crop(percent=(0, 0.1)),
        iaa.Fliplr(0.5),
        iaa.Affine(scale=(0.9, 1.1), rotate=(-15, 15), shear=(-8, 8)),
        iaa.AdditiveGaussianNoise(scale=(0, 0.05 * 255)),
        iaa.GaussianBlur(sigma=(0, 1)),
        iaa.LinearContrast((0.75, 1.25)),
    ], seed=7)
    rng = np.random.default_rng(7)
    batch = [picture(size, rng) for _ in range(32)]
    end = time.perf_counter() + seconds  # warm-up
    while time.perf_counter() < end:
        seq.augment_images(batch)
    per_run = []
    for _ in range(runs):
        done, start = 0, time.perf_counter()
        stop = start + seconds
        while time.perf_counter() < stop:
            seq.augment_images(batch)
            done += len(batch)
        per_run.append(done / (time.perf_counter() - start))
    print(json.dumps({"size": size, "threads": 1, "imagesPerSecond": statistics.median(per_run),
                      "runsImagesPerSecond": per_run, "imgaug": imgaug.__version__,
                      "opencv": cv2.__version__, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
