/**
 * Data sets into tensors: MNIST-style IDX files ({@link dev.residuum.data.Idx}, gzipped or raw,
 * strictly checked, with failures as one-line {@link dev.residuum.data.IdxFormatException}s),
 * labelled image sets ({@link dev.residuum.data.ImageSet}, {@code [N, 1, H, W]} float32 with
 * PyTorch's normalisation bit for bit), Fashion-MNIST's location and constants
 * ({@link dev.residuum.data.FashionMnist}), where a run's data comes from
 * ({@link dev.residuum.data.DataSource}: the shipped sample, the installed set, a folder), seeded
 * augmentation ({@link dev.residuum.data.Augmentation}) and minibatches prepared on a background
 * thread ({@link dev.residuum.data.BatchLoader}), and the project's one CSV reader
 * ({@link dev.residuum.data.CsvTable}: header, quoted cells, columns by name or position parsed to
 * numbers on demand, one-line {@link dev.residuum.data.CsvFormatException}s naming file, line and
 * column) that delta tables, edge lists and matrices all go through; CSV tables of images
 * ({@link dev.residuum.data.ImageTable}); and the fixed shards of data-parallel training and their
 * epoch order ({@link dev.residuum.data.Shards}).
 *
 * <p>Depends on the JDK, {@code tensor} and {@code io} only.
 */
package dev.residuum.data;
