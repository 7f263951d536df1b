/**
 * residuum-bench: the workloads of {@code shared/bench/pytorch_reference.py} with the same shapes,
 * initialisation scheme, optimizer and step definition, printing the same JSON lines, so that
 * Residuum and PyTorch can be compared side by side on one machine
 * ({@code scripts/bench-side-by-side.py}).
 */
package dev.residuum.bench;
