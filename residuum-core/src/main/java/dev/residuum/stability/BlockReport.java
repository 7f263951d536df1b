package dev.residuum.stability;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code residuum diagnose} prints for one block (issue 14): the JSON names are those of
 * {@link #toJson()}.
 *
 * @param name the block's {@code state_dict} prefix ({@code layers.0}); JSON {@code name}
 * @param gradInputNorm {@code ||dL/dx_l||} over the whole batch tensor; {@code grad_input_norm}
 * @param gradParameterNorm {@code ||dL/dtheta_l||}; {@code grad_parameter_norm}
 * @param jacobian the largest singular value of {@code d block(x) / dx} at the batch;
 *     {@code jacobian_spectral_norm}
 * @param branch the largest singular value of the branch's Jacobian {@code J_F} (before alpha);
 *     {@code branch_spectral_norm}
 * @param extremes the smallest (and largest) singular value of {@code d block(x) / dx};
 *     {@code min_singular_value}
 * @param alpha the block's alpha (empty when it has none); {@code alpha}, a number (or an array
 *     for a per-channel alpha), left out when empty
 */
public record BlockReport(String name, double gradInputNorm, double gradParameterNorm, SpectralNorm.Result jacobian,
                          SpectralNorm.Result branch, ExtremeSingularValues.Result extremes, double[] alpha) {
    public BlockReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jacobian, "jacobian");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(extremes, "extremes");
        alpha = alpha == null ? new double[0] : alpha.clone();
    }

    /** Whether all three iterative estimates met their stopping rule; JSON {@code converged}. */
    public boolean converged() {
        return jacobian.converged() && branch.converged() && extremes.converged();
    }

    /**
     * The fields in the order of issue 14's {@code diagnose} JSON, values as {@code Double},
     * {@code double[]}, {@code Boolean} or {@code String}, for the project's JSON codec: {@code name},
     * {@code grad_input_norm}, {@code jacobian_spectral_norm}, {@code branch_spectral_norm},
     * {@code min_singular_value}, {@code alpha} (when present), then {@code grad_parameter_norm}
     * and {@code converged}.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("grad_input_norm", gradInputNorm);
        out.put("jacobian_spectral_norm", jacobian.value());
        out.put("branch_spectral_norm", branch.value());
        out.put("min_singular_value", extremes.smallest());
        if (alpha.length == 1) {
            out.put("alpha", alpha[0]);
        } else if (alpha.length > 1) {
            out.put("alpha", alpha.clone());
        }
        out.put("grad_parameter_norm", gradParameterNorm);
        out.put("converged", converged());
        return out;
    }

    @Override
    public String toString() {
        Map<String, Object> json = toJson();
        if (alpha.length > 1) {
            json.put("alpha", Arrays.toString(alpha));
        }
        return "BlockReport" + json;
    }
}
