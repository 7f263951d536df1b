package dev.residuum.nn.residual;

/**
 * How the branch of a residual block is scaled: {@code out = shortcut(x) + alpha * F(x)}.
 *
 * <ul>
 *   <li>{@link #FIXED}: alpha = 1, not learned (He et al.);
 *   <li>{@link #SCALAR}: one learned scalar, initialised at 0 so the block starts as the identity
 *       (ReZero, Bachlechner et al. 2020);
 *   <li>{@link #PER_CHANNEL}: one learned value per channel (axis 1), initialised at 0.
 * </ul>
 */
public enum ResidualScale {
    FIXED, SCALAR, PER_CHANNEL;

    /**
     * Parses {@code fixed}, {@code rezero} / {@code scalar} or {@code per-channel} (case-insensitive).
     *
     * @throws IllegalArgumentException listing the allowed names
     */
    public static ResidualScale parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (n) {
            case "fixed" -> FIXED;
            case "rezero", "scalar" -> SCALAR;
            case "per-channel", "per_channel", "channel" -> PER_CHANNEL;
            default -> throw new IllegalArgumentException("unknown residual scale '" + name
                    + "'; allowed: fixed, rezero (scalar), per-channel");
        };
    }
}
