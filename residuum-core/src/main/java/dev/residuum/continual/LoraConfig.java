package dev.residuum.continual;

import java.util.Objects;

/**
 * One low-rank adapter's hyper-parameters, with PEFT's meaning ({@code LoraConfig}): rank
 * {@code r}, {@code lora_alpha}, dropout on the adapter's input, the target modules, and rsLoRA.
 * The update of a target layer is {@code scaling * B A} with {@link #scaling()}
 * {@code = alpha / r} (Hu et al., 2021), or {@code alpha / sqrt(r)} with {@code useRslora}
 * (Kalajdzievski, 2023). Bias stays "none" (no bias is trained) and {@code fan_in_fan_out} false:
 * Residuum supports only those.
 *
 * @param r rank (at least 1)
 * @param alpha {@code lora_alpha} (finite, positive)
 * @param dropout probability of zeroing an input element of the adapter in training, in [0, 1)
 * @param targets the modules that receive the adapter
 * @param useRslora scale by {@code alpha / sqrt(r)} instead of {@code alpha / r}
 */
public record LoraConfig(int r, double alpha, double dropout, TargetModules targets, boolean useRslora) {
    /** PEFT's default rank. */
    public static final int DEFAULT_RANK = 8;

    public LoraConfig {
        Objects.requireNonNull(targets, "targets");
        if (r < 1) {
            throw new IllegalArgumentException("LoRA: the rank r must be at least 1, got " + r);
        }
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("LoRA: lora_alpha must be finite and positive, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("LoRA: lora_dropout must be in [0, 1), got " + dropout);
        }
    }

    /** Rank {@code r}, {@code lora_alpha = alpha}, no dropout, scaling {@code alpha / r}. */
    public static LoraConfig of(int r, double alpha, TargetModules targets) {
        return new LoraConfig(r, alpha, 0, targets, false);
    }

    /** The factor of {@code B A}: {@code alpha / r}, or {@code alpha / sqrt(r)} with rsLoRA. */
    public double scaling() {
        return useRslora ? alpha / Math.sqrt(r) : alpha / r;
    }

    /** The same with dropout {@code p}. */
    public LoraConfig withDropout(double p) {
        return new LoraConfig(r, alpha, p, targets, useRslora);
    }

    /** The same with rsLoRA on or off. */
    public LoraConfig withRslora(boolean on) {
        return new LoraConfig(r, alpha, dropout, targets, on);
    }
}
