package io.imat.augment.gallery;

import io.imat.augment.Augmenter;
import io.imat.augment.image.BufferedImages;
import io.imat.augment.image.Image;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Renders a grid of augmented versions of one picture, to see what a pipeline does (behind {@code
 * imat augment --out GALLERY.png}). Tile {@code i} is exactly what a batch augmentation with the
 * same seed makes of element {@code i}. Pure {@code java.awt}; immutable.
 *
 * <pre>{@code
 * BufferedImage grid = Gallery.builder()
 *     .augmenter(Augmenters.seedPipeline()).samples(16).seed(7).build()
 *     .render(BufferedImages.read(Path.of("dress.jpg")));
 * BufferedImages.write(grid, "png", Path.of("gallery.png"));
 * }</pre>
 */
public final class Gallery {
  private final Augmenter augmenter;
  private final int samples;
  private final int columns;
  private final long seed;
  private final int tileSize;
  private final int gap;
  private final boolean includeOriginal;
  private final Color background;

  private Gallery(Builder b) {
    this.augmenter = Objects.requireNonNull(b.augmenter, "augmenter");
    this.samples = b.samples;
    this.columns = b.columns;
    this.seed = b.seed;
    this.tileSize = b.tileSize;
    this.gap = b.gap;
    this.includeOriginal = b.includeOriginal;
    this.background = b.background;
  }

  /** A builder; {@link Builder#augmenter} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of tiles: the samples, plus the original if it is shown. */
  public int tiles() {
    return samples + (includeOriginal ? 1 : 0);
  }

  /** Number of grid columns: as set, or the smallest square grid that holds every tile. */
  public int columns() {
    return columns > 0 ? Math.min(columns, tiles()) : (int) Math.ceil(Math.sqrt(tiles()));
  }

  /**
   * The grid for {@code picture}. Each tile is scaled to fit a square cell (the picture's longer
   * side, or {@code tileSize} if set), keeping its aspect ratio.
   */
  public BufferedImage render(Image picture) {
    int cols = columns();
    int rows = (tiles() + cols - 1) / cols;
    int cell = tileSize > 0 ? tileSize : Math.max(picture.width(), picture.height());
    int width = cols * cell + (cols + 1) * gap;
    int height = rows * cell + (rows + 1) * gap;
    BufferedImage grid = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    try {
      g.setColor(background);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      for (int t = 0; t < tiles(); t++) {
        Image tile =
            includeOriginal && t == 0
                ? picture
                : augmenter.augment(picture, seed, includeOriginal ? t - 1 : t);
        double k = (double) cell / Math.max(tile.width(), tile.height());
        int w = Math.max(1, (int) Math.round(tile.width() * k));
        int h = Math.max(1, (int) Math.round(tile.height() * k));
        int x = gap + (t % cols) * (cell + gap) + (cell - w) / 2;
        int y = gap + (t / cols) * (cell + gap) + (cell - h) / 2;
        g.drawImage(BufferedImages.toBufferedImage(tile), x, y, w, h, null);
      }
    } finally {
      g.dispose();
    }
    return grid;
  }

  /** Configures a {@link Gallery}. */
  public static final class Builder {
    private Augmenter augmenter;
    private int samples = 16;
    private int columns;
    private long seed;
    private int tileSize;
    private int gap = 4;
    private boolean includeOriginal = true;
    private Color background = Color.WHITE;

    private Builder() {}

    /** The pipeline to show. */
    public Builder augmenter(Augmenter augmenter) {
      this.augmenter = Objects.requireNonNull(augmenter);
      return this;
    }

    /** Number of augmented samples (default 16). */
    public Builder samples(int samples) {
      if (samples < 1 || samples > 10_000) {
        throw new IllegalArgumentException("samples must be in [1, 10000], got " + samples);
      }
      this.samples = samples;
      return this;
    }

    /** Grid columns; 0 (default) picks a square grid. */
    public Builder columns(int columns) {
      if (columns < 0) {
        throw new IllegalArgumentException("columns must be >= 0, got " + columns);
      }
      this.columns = columns;
      return this;
    }

    /** Seed of the augmentation (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Side of each square cell in pixels; 0 (default) uses the picture's longer side. */
    public Builder tileSize(int tileSize) {
      if (tileSize < 0 || tileSize > Image.MAX_SIDE) {
        throw new IllegalArgumentException("tile size must be in [0, 32767], got " + tileSize);
      }
      this.tileSize = tileSize;
      return this;
    }

    /** Space between cells in pixels (default 4). */
    public Builder gap(int gap) {
      if (gap < 0 || gap > 1000) {
        throw new IllegalArgumentException("gap must be in [0, 1000], got " + gap);
      }
      this.gap = gap;
      return this;
    }

    /** Whether the first tile shows the original picture (default {@code true}). */
    public Builder includeOriginal(boolean include) {
      this.includeOriginal = include;
      return this;
    }

    /** Background colour between cells (default white). */
    public Builder background(Color background) {
      this.background = Objects.requireNonNull(background);
      return this;
    }

    /**
     * The configured gallery.
     *
     * @throws NullPointerException if no augmenter was set
     */
    public Gallery build() {
      return new Gallery(this);
    }
  }
}
