"""Reference augmentation loops for `imat bench augment`: the seed pipeline as imgaug 0.4.0 runs it.

With IMGAUG_DIR (imgaug's source at its git tag 0.4.0): imgaug itself, the seed pipeline built
from its own augmenters and run on the batch of 32 pictures with one augment_images call, as a
training loop calls it:
  iaa.Sequential([iaa.Crop(percent=(0, 0.1)), iaa.Fliplr(0.5),
                  iaa.Affine(scale=(0.9, 1.1), rotate=(-15, 15), shear=(-8, 8)),
                  iaa.AdditiveGaussianNoise(scale=(0, 0.05 * 255)),
                  iaa.GaussianBlur(sigma=(0, 1)), iaa.LinearContrast((0.75, 1.25))])

Without it: the same operations, in the same order and with the same kernels that imgaug 0.4.0 calls for a
uint8 RGB image, without imgaug's own bookkeeping (parameter objects, dtype checks, batch
copies), so it is an upper bound on imgaug's speed on this machine:
  Crop(percent=(0, 0.1))            slice each side by round(U(0, 0.1) * side) px, then
                                    cv2.resize back to the original size (area, what
                                    imgaug 0.4 picks for enlarging by default)
  Fliplr(0.5)                       cv2.flip for half of the images
  Affine(scale=(0.9, 1.1), rotate=(-15, 15), shear=(-8, 8))
                                    one cv2.warpAffine about the centre, bilinear, constant 0
                                    (a tuple shear shears along x and y by one angle in 0.4.0)
  AdditiveGaussianNoise(scale=(0, 0.05*255))
                                    one N(0, s) draw per pixel (numpy), rounded, added in
                                    int16 and clipped, as imgaug's add_elementwise
  GaussianBlur(sigma=(0, 1))        cv2.GaussianBlur, imgaug's kernel size, reflect-101
  LinearContrast((0.75, 1.25))      127 + alpha * (v - 127) in float32, truncated, through cv2.LUT
OpenCV (and any BLAS) runs on one thread. Prints one JSON object: {"imagesPerSecond": ..., ...}.
Usage: python3 reference_augment.py SIZE SECONDS RUNS [IMGAUG_DIR]
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import json  # noqa: E402
import math  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import cv2  # noqa: E402
import numpy as np  # noqa: E402


def blur_ksize(sigma):
    k = 3.3 * sigma if sigma < 3 else 2.9 * sigma if sigma < 5 else 2.6 * sigma
    k = int(max(k, 5))
    return k + 1 if k % 2 == 0 else k


def affine_matrix(w, h, scale, rotate, shear):
    # Forward map about the image centre: translate, shear along y, rotate+shear+scale, translate
    # back (imgaug 0.4.0 applies a tuple's shear angle along both axes).
    r = math.radians(rotate)
    s = math.radians(shear)
    a = np.array([[math.cos(r), -math.sin(r + s)], [math.sin(r), math.cos(r + s)]]) * scale
    a = a @ np.array([[math.cos(s), 0.0], [math.sin(s), 1.0]])
    c = np.array([(w - 1) / 2.0, (h - 1) / 2.0])
    return np.hstack([a, (c - a @ c).reshape(2, 1)])


def augment(img, rng):
    h, w = img.shape[:2]
    top, right, bottom, left = (int(round(rng.uniform(0, 0.1) * d)) for d in (h, w, h, w))
    img = cv2.resize(img[top:h - bottom, left:w - right], (w, h), interpolation=cv2.INTER_AREA)
    if rng.random() < 0.5:
        img = cv2.flip(img, 1)
    m = affine_matrix(w, h, rng.uniform(0.9, 1.1), rng.uniform(-15, 15), rng.uniform(-8, 8))
    img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    noise = rng.normal(0, rng.uniform(0, 0.05 * 255), size=(h, w, 1))
    noise = np.clip(np.round(noise), -255, 255).astype(np.int16)
    img = np.clip(img.astype(np.int16) + noise, 0, 255).astype(np.uint8)
    sigma = rng.uniform(0, 1)
    if sigma > 1e-3:
        k = blur_ksize(sigma)
        img = cv2.GaussianBlur(img, (k, k), sigmaX=sigma, sigmaY=sigma,
                               borderType=cv2.BORDER_REFLECT_101)
    alpha = np.float32(rng.uniform(0.75, 1.25))
    table = 127 + alpha * (np.arange(256, dtype=np.float32) - 127)
    return cv2.LUT(img, np.clip(table, 0, 255).astype(np.uint8))


def picture(size, rng):
    # Smooth colour gradients plus mild grain, like the Java benchmark's pictures.
    y, x = np.mgrid[0:size, 0:size] / size
    base = np.stack([x, y, 1 - (x + y) / 2], axis=-1) * 200 + 20
    return np.clip(base + rng.normal(0, 8, base.shape), 0, 255).astype(np.uint8)


def imgaug_pipeline(source):
    """imgaug 0.4.0's own seed pipeline, imported from its source directory."""
    # imgaug 0.4.0 uses aliases that numpy 1.24 removed.
    for name, kind in (("bool", bool), ("int", int), ("float", float), ("complex", complex),
                       ("object", object)):
        if name not in vars(np):
            setattr(np, name, kind)
    sys.path.insert(0, source)
    import imgaug
    import imgaug.augmenters as iaa
    if imgaug.__version__ != "0.4.0":
        sys.exit("expected imgaug 0.4.0 in %s, found %s" % (source, imgaug.__version__))
    return iaa.Sequential([
        iaa.Crop(percent=(0, 0.1)),
        iaa.Fliplr(0.5),
        iaa.Affine(scale=(0.9, 1.1), rotate=(-15, 15), shear=(-8, 8)),
        iaa.AdditiveGaussianNoise(scale=(0, 0.05 * 255)),
        iaa.GaussianBlur(sigma=(0, 1)),
        iaa.LinearContrast((0.75, 1.25)),
    ], seed=7)


def main():
    size, seconds, runs = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    cv2.setNumThreads(1)
    rng = np.random.default_rng(7)
    batch = [picture(size, rng) for _ in range(32)]
    info = {"opencv": cv2.__version__, "numpy": np.__version__}
    if len(sys.argv) > 4:
        seq = imgaug_pipeline(sys.argv[4])
        info["imgaug"] = "0.4.0"

        def augment_batch():
            seq.augment_images(batch)
    else:
        def augment_batch():
            for img in batch:
                augment(img, rng)
    end = time.perf_counter() + seconds  # warm-up
    while time.perf_counter() < end:
        augment_batch()
    per_run = []
    for _ in range(runs):
        done, start = 0, time.perf_counter()
        stop = start + seconds
        while time.perf_counter() < stop:
            augment_batch()
            done += len(batch)
        per_run.append(done / (time.perf_counter() - start))
    print(json.dumps(dict({"size": size, "threads": 1,
                           "imagesPerSecond": statistics.median(per_run),
                           "runsImagesPerSecond": per_run}, **info)))


if __name__ == "__main__":
    main()
