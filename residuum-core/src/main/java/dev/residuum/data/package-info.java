/**
 * Data sets into tensors. Now: MNIST-style IDX files ({@link dev.residuum.data.Idx}, gzipped or
 * raw, strictly checked, with failures as one-line {@link dev.residuum.data.IdxFormatException}s),
 * labelled image sets ({@link dev.residuum.data.ImageSet}, {@code [N, 1, H, W]} float32 with
 * PyTorch's normalisation bit for bit) and Fashion-MNIST's location and constants
 * ({@link dev.residuum.data.FashionMnist}). Later: CSV tables with a header, batching and
 * seeded augmentation.
 */
package dev.residuum.data;
