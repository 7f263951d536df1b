/**
 * Files that carry tensors in and out of Residuum: {@link dev.residuum.io.Safetensors} reads and
 * writes safetensors files whose names are PyTorch {@code state_dict} keys, so weights move
 * between PyTorch and Residuum unchanged, and loads them into a {@code Module};
 * {@link dev.residuum.io.AtomicFile} replaces files all at once, so a crash never leaves a
 * truncated checkpoint. A malformed file fails with a one-line
 * {@link dev.residuum.io.SafetensorsException} naming the file and the problem; a well-formed
 * file that does not fit a model fails with a {@link dev.residuum.io.ModelMismatchException}
 * listing every offending name. The package depends on nothing beyond the JDK, {@code tensor} and
 * {@code nn} (its JSON codec for the header is its own).
 */
package dev.residuum.io;
