/**
 * Files in and out of Residuum. {@link dev.residuum.io.Safetensors} reads and writes safetensors
 * files whose names are PyTorch {@code state_dict} keys, so weights move between PyTorch and
 * Residuum unchanged, and loads them into a {@code Module}; {@link dev.residuum.io.Json} is the
 * project's one JSON codec (a strict parser to {@link dev.residuum.io.JsonObject} / lists /
 * numbers, and a writer with full escaping, exact numbers and a stable key order) for every JSON
 * file and line the project writes or reads; {@link dev.residuum.io.AtomicFile} replaces files
 * all at once, so a crash never leaves a truncated checkpoint. A malformed file fails with a
 * one-line {@link dev.residuum.io.MalformedFileException} naming the file and the problem; a
 * well-formed file that does not fit a model fails with a
 * {@link dev.residuum.io.ModelMismatchException} listing every offending name.
 *
 * <p>Depends on the JDK, {@code tensor} and {@code nn} only.
 */
package dev.residuum.io;
