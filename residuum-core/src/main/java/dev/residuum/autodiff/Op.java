package dev.residuum.autodiff;

/**
 * The closed set of primitive operations with hand-written gradients. Everything else
 * (linear layers, residual blocks, losses built from these) is composed from them. Anomaly
 * errors name the op; the gradient-check suite fails if an op here has no check.
 */
public enum Op {
    ADD, SUB, MUL, DIV, NEG, RESIDUAL_ADD,
    MATMUL, TRANSPOSE, RESHAPE, EXPAND,
    SUM, MEAN, MAX,
    EXP, LOG, SQRT, POW, ABS, RELU, TANH, SIGMOID, SOFTPLUS, SOFT_THRESHOLD,
    CONCAT, SLICE, INDEX_SELECT,
    LOG_SOFTMAX, CROSS_ENTROPY, MSE,
    CONV2D, BATCH_NORM, MAX_POOL2D, SUBSAMPLE
}
