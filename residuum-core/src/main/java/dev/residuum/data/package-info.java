/**
 * Data sets into tensors: MNIST-style IDX files ({@link dev.residuum.data.Idx}, gzipped or raw,
 * strictly checked, with failures as one-line {@link dev.residuum.data.IdxFormatException}s),
 * labelled image sets ({@link dev.residuum.data.ImageSet}, {@code [N, 1, H, W]} float32 with
 * PyTorch's normalisation bit for bit), Fashion-MNIST's location and constants
 * ({@link dev.residuum.data.FashionMnist}), where a run's data comes from
 * ({@link dev.residuum.data.DataSource}: the shipped sample, the installed set, a folder), seeded
 * augmentation ({@link dev.residuum.data.Augmentation}) and minibatches prepared on a background
 * thread ({@link dev.residuum.data.BatchLoader}). Later: CSV tables with a header.
 */
package dev.residuum.data;
