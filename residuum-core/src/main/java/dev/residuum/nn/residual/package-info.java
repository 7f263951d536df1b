/**
 * Residual building blocks in textbook form, {@code out = act(shortcut(x) + alpha * F(x))}:
 * {@link dev.residuum.nn.residual.ResidualBlock} with fixed, ReZero or per-channel scale and
 * optional zero-init of the branch; {@link dev.residuum.nn.residual.Shortcut}s; the
 * soft-threshold {@link dev.residuum.nn.residual.ShrinkageBlock}; and the
 * {@link dev.residuum.nn.residual.ResidualMlp} family with its plain twin.
 */
package dev.residuum.nn.residual;
