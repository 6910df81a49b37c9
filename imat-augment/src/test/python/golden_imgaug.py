"""Writes imgaug 0.4.0's own outputs for imat-augment's golden tests (ImgaugGoldenTest).

Every case is one imgaug augmenter (or a Sequential of them) with fixed parameters, applied to a few
small generated pictures (hard edges, gradients, text, a checkerboard, non-square sizes, one grey).
The pictures and imgaug's outputs are written as PNG files, with cases.txt listing
"case input python-expression" per line; ImgaugGoldenTest builds the same augmenters with imat and
compares. The Maven build only reads the committed files: Python is needed only to regenerate them.

Usage (imgaug's source at its 0.4.0 tag, Debian's numpy/scipy/scikit-image/OpenCV/imageio/shapely/PIL):
  git --git-dir=<imgaug mirror> archive 0.4.0 | tar -x -C /tmp/imgaug-0.4.0
  /usr/bin/python3 imat-augment/src/test/python/golden_imgaug.py --imgaug /tmp/imgaug-0.4.0 \
      --out imat-augment/src/test/resources/io/imat/augment/golden
"""
import argparse
import os
import sys

import numpy as np
from PIL import Image, ImageDraw

# imgaug 0.4.0 uses aliases that numpy 1.24 removed.
for _name, _type in (("bool", bool), ("int", int), ("float", float), ("complex", complex),
                     ("object", object)):
    if _name not in vars(np):
        setattr(np, _name, _type)


def pictures():
    """The input pictures, by name: deterministic, small, each stressing something else."""
    out = {}
    # Hard edges of several colours on a mid-grey ground, 48x40 (w x h).
    img = Image.new("RGB", (48, 40), (120, 120, 120))
    d = ImageDraw.Draw(img)
    d.rectangle([5, 4, 20, 30], fill=(250, 30, 30))
    d.ellipse([22, 8, 44, 34], fill=(20, 200, 60))
    d.line([0, 39, 47, 0], fill=(10, 10, 240), width=2)
    d.rectangle([0, 0, 47, 39], outline=(255, 255, 255))
    out["edges"] = np.asarray(img)
    # Smooth gradients with a bright diagonal, 33x29.
    y, x = np.mgrid[0:29, 0:33].astype(np.float64)
    grad = np.stack([x / 32 * 255, y / 28 * 255, (x + y) / 60 * 255], axis=-1)
    grad[np.abs(x - y) < 1.5] = 240
    out["gradient"] = np.clip(np.round(grad), 0, 255).astype(np.uint8)
    # Black text on white, 56x24.
    img = Image.new("RGB", (56, 24), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.text((2, 1), "imat", fill=(0, 0, 0))
    d.text((18, 11), "0.4", fill=(200, 0, 90))
    out["text"] = np.asarray(img)
    # A 4-px checkerboard with colour, 32x32.
    y, x = np.mgrid[0:32, 0:32]
    board = ((x // 4 + y // 4) % 2).astype(np.uint8)
    out["checker"] = np.stack([board * 230 + 10, board * 180 + 40, 255 - board * 200], axis=-1)
    # Grey noise, one channel, 21x19.
    out["grey"] = np.random.RandomState(13).randint(0, 256, (19, 21, 1)).astype(np.uint8)
    return out


RGB = ["edges", "gradient", "text", "checker"]
SOME = ["edges", "gradient", "checker"]
TWO = ["edges", "gradient"]

# (case name, inputs, imgaug expression). ImgaugGoldenTest has the imat side of every name.
CASES = [
    # Crop: integer crops (exact) and imgaug's keep-size resize (cv2 INTER_AREA when enlarging).
    ("crop_percent_keep", RGB + ["grey"], "iaa.Crop(percent=(0.07, 0.07, 0.07, 0.07))"),
    ("crop_percent_sides_keep", SOME, "iaa.Crop(percent=(0.05, 0.1, 0.15, 0.02))"),
    ("crop_percent_tie_keep", TWO, "iaa.Crop(percent=(0.0625, 0.0, 0.0625, 0.0))"),
    ("crop_percent_nokeep", RGB, "iaa.Crop(percent=(0.07, 0.11, 0.03, 0.09), keep_size=False)"),
    ("crop_px_keep", SOME + ["grey"], "iaa.Crop(px=(1, 3, 2, 4))"),
    ("crop_px_nokeep", SOME, "iaa.Crop(px=(1, 3, 2, 4), keep_size=False)"),
    ("crop_px_width_only_keep", TWO, "iaa.Crop(px=(0, 3, 0, 2))"),
    # Resize: cubic (imgaug's default), linear, area, nearest; up, down, mixed, integer factors.
    ("resize_cubic_up", RGB + ["grey"], "iaa.Resize({'height': 53, 'width': 61})"),
    ("resize_cubic_down", RGB, "iaa.Resize({'height': 23, 'width': 19})"),
    ("resize_linear_up", SOME, "iaa.Resize({'height': 53, 'width': 61}, interpolation='linear')"),
    ("resize_linear_down", SOME, "iaa.Resize({'height': 23, 'width': 19}, interpolation='linear')"),
    ("resize_linear_half", ["edges", "checker"],
     "iaa.Resize(0.5, interpolation='linear')"),
    ("resize_area_up", SOME + ["grey"], "iaa.Resize({'height': 53, 'width': 61}, interpolation='area')"),
    ("resize_area_down", SOME, "iaa.Resize({'height': 23, 'width': 19}, interpolation='area')"),
    ("resize_area_mixed", SOME, "iaa.Resize({'height': 50, 'width': 17}, interpolation='area')"),
    ("resize_area_half", ["edges", "checker"], "iaa.Resize(0.5, interpolation='area')"),
    ("resize_area_quarter", ["edges", "checker"], "iaa.Resize(0.25, interpolation='area')"),
    ("resize_nearest_up", SOME, "iaa.Resize({'height': 53, 'width': 61}, interpolation='nearest')"),
    ("resize_nearest_down", SOME, "iaa.Resize({'height': 23, 'width': 19}, interpolation='nearest')"),
    # Affine: one of each parameter, each order, each fill.
    ("affine_rotate", RGB + ["grey"], "iaa.Affine(rotate=13)"),
    ("affine_rotate_nearest", SOME, "iaa.Affine(rotate=13, order=0)"),
    ("affine_rotate_cubic", SOME, "iaa.Affine(rotate=13, order=3)"),
    ("affine_shear", SOME, "iaa.Affine(shear=9)"),
    ("affine_shear_y", SOME, "iaa.Affine(shear={'y': 7})"),
    ("affine_scale", SOME, "iaa.Affine(scale={'x': 1.25, 'y': 0.875})"),
    ("affine_translate_percent", SOME, "iaa.Affine(translate_percent={'x': 0.125, 'y': -0.0625})"),
    ("affine_translate_px", SOME, "iaa.Affine(translate_px={'x': 3, 'y': -2})"),
    ("affine_all", RGB, "iaa.Affine(scale=(1.07, 1.07), translate_percent=(0.03, 0.03), "
                        "rotate=(-11.3, -11.3), shear=(6.2, 6.2), cval=128)"),
    ("affine_edge", SOME, "iaa.Affine(rotate=20, mode='edge')"),
    ("affine_cubic_edge", SOME, "iaa.Affine(rotate=-17, scale=0.875, order=3, mode='edge')"),
    ("affine_cval", TWO, "iaa.Affine(rotate=-25, cval=(200.7, 200.7))"),
    # Plain numbers are float32 in imgaug (Deterministic): 13.3 is 13.300000190734863 there.
    ("affine_float32_params", RGB, "iaa.Affine(rotate=13.3, scale=1.1, shear=-4.7)"),
    # Flips and the centre crop: pixel copies.
    ("fliplr", TWO + ["grey"], "iaa.Fliplr(1.0)"),
    ("flipud", TWO, "iaa.Flipud(1.0)"),
    ("center_crop", SOME, "iaa.CenterCropToFixedSize(width=30, height=25)"),
    # Lookup tables: exact.
    ("contrast_075", RGB + ["grey"], "iaa.LinearContrast(0.75)"),
    ("contrast_125", RGB, "iaa.LinearContrast((1.25, 1.25))"),
    ("contrast_160", SOME, "iaa.LinearContrast(1.6)"),
    ("contrast_0917", SOME, "iaa.LinearContrast((0.917, 0.917))"),
    ("multiply_080", RGB + ["grey"], "iaa.Multiply(0.8)"),
    ("multiply_120", SOME, "iaa.Multiply((1.2, 1.2))"),
    ("multiply_155", SOME, "iaa.Multiply(1.55)"),
    # Gaussian blur.
    ("blur_050", SOME + ["grey"], "iaa.GaussianBlur(sigma=0.5)"),
    ("blur_100", SOME, "iaa.GaussianBlur(sigma=1.0)"),
    ("blur_230", SOME, "iaa.GaussianBlur(sigma=2.3)"),
    # Chains: ImgaugGoldenTest runs each fused (one resampling) and step by step.
    ("chain_fliplr_affine", RGB, "iaa.Sequential([iaa.Fliplr(1.0), iaa.Affine(rotate=13)])"),
    ("chain_affine_fliplr", TWO, "iaa.Sequential([iaa.Affine(rotate=13), iaa.Fliplr(1.0)])"),
    ("chain_crop_affine", RGB, "iaa.Sequential([iaa.Crop(percent=(0.07, 0.07, 0.07, 0.07)), "
                               "iaa.Affine(rotate=13, shear=5)])"),
    ("chain_crop_nokeep_affine", TWO, "iaa.Sequential([iaa.Crop(px=(1, 3, 2, 4), keep_size=False), "
                                      "iaa.Affine(rotate=13)])"),
    ("chain_two_affines", RGB, "iaa.Sequential([iaa.Affine(rotate=10), "
                               "iaa.Affine(scale=1.125, shear=-6)])"),
    ("chain_seed_fixed", RGB, "iaa.Sequential([iaa.Crop(percent=(0.03, 0.08, 0.05, 0.02)), "
                              "iaa.Fliplr(1.0), iaa.Affine(scale=(1.05, 1.05), rotate=(-12.0, -12.0), "
                              "shear=(6.0, 6.0)), iaa.GaussianBlur(sigma=0.7), "
                              "iaa.LinearContrast((1.2, 1.2))])"),
]


def save(path, arr):
    mode = "L" if arr.shape[2] == 1 else "RGB"
    Image.fromarray(arr[..., 0] if mode == "L" else arr, mode).save(path, optimize=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--imgaug", required=True, help="imgaug 0.4.0 source directory")
    parser.add_argument("--out", required=True, help="directory for the PNG files and cases.txt")
    args = parser.parse_args()
    sys.path.insert(0, args.imgaug)
    import imgaug
    import imgaug.augmenters as iaa  # noqa: F401 (used by the expressions)
    assert imgaug.__version__ == "0.4.0", imgaug.__version__
    import cv2
    cv2.setNumThreads(1)

    os.makedirs(args.out, exist_ok=True)
    pics = pictures()
    for name, arr in pics.items():
        save(os.path.join(args.out, "in_%s.png" % name), arr)
    lines = []
    for case, inputs, expression in CASES:
        aug = eval(expression)
        for name in inputs:
            out = aug(image=pics[name].copy())
            if out.ndim == 2:
                out = out[..., np.newaxis]
            save(os.path.join(args.out, "%s__%s.png" % (case, name)), out)
            lines.append("%s %s %s" % (case, name, expression))
    with open(os.path.join(args.out, "cases.txt"), "w") as f:
        f.write("# case input imgaug-0.4.0-expression (written by golden_imgaug.py; numpy %s, "
                "OpenCV %s)\n" % (np.__version__, cv2.__version__))
        f.write("\n".join(lines) + "\n")
    print("wrote %d outputs of %d cases to %s" % (len(lines), len(CASES), args.out))


if __name__ == "__main__":
    main()
