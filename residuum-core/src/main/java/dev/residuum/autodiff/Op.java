package dev.residuum.autodiff;

/**
 * The closed set of primitive operations, each with a hand-written vector–Jacobian product and
 * Jacobian–vector product ({@link Graph#attach} takes both). Everything else
 * (residual blocks, losses built from these) is composed from them; a few are fused forms of a
 * composition kept because a benchmark measured the gain ({@code RESIDUAL_ADD}, {@code LINEAR}
 * and {@code LINEAR_TANH}: a linear layer, alone or with the tanh after it). Anomaly
 * errors name the op; the check suite (gradient and JVP) fails if an op here has no case.
 */
public enum Op {
    ADD, SUB, MUL, DIV, NEG, RESIDUAL_ADD,
    MATMUL, LINEAR, LINEAR_TANH, TRANSPOSE, RESHAPE, EXPAND,
    SUM, MEAN, MAX,
    EXP, LOG, SQRT, POW, ABS, RELU, TANH, SIGMOID, SOFTPLUS, SOFT_THRESHOLD,
    CONCAT, SLICE, INDEX_SELECT,
    LOG_SOFTMAX, CROSS_ENTROPY, MSE,
    CONV2D, BATCH_NORM, MAX_POOL2D, SUBSAMPLE
}
