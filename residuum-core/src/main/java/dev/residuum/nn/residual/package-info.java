/**
 * Residual building blocks in textbook form, {@code out = act(shortcut(x) + alpha * F(x))}:
 * {@link dev.residuum.nn.residual.ResidualBlock} with fixed, ReZero or per-channel scale and
 * optional zero-init of the branch; {@link dev.residuum.nn.residual.Shortcut}s; the
 * soft-threshold {@link dev.residuum.nn.residual.ShrinkageBlock}; the
 * {@link dev.residuum.nn.residual.ResidualMlp} family with its plain twin; and
 * {@link dev.residuum.nn.residual.LongSkips} across blocks (every k, or U-shaped) for it and
 * {@link dev.residuum.nn.residual.CifarResNet}.
 */
package dev.residuum.nn.residual;
