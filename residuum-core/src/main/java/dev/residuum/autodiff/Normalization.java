package dev.residuum.autodiff;

import dev.residuum.tensor.Parallel;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;

/**
 * Batch normalisation over axis 1 (channels) with PyTorch's semantics: in training, the batch's
 * mean and biased variance normalise, and the running statistics move by {@code momentum}
 * towards the batch mean and the <em>unbiased</em> batch variance; in evaluation the running
 * statistics normalise. Forward and backward are fused per channel.
 */
public final class Normalization {
    private Normalization() {
    }

    /**
     * @param x {@code [N, C, ...]}. Not modified.
     * @param gamma {@code [C]}, the gain (or null for 1)
     * @param beta {@code [C]}, the shift (or null for 0)
     * @param runningMean {@code [C]}. Modified in training.
     * @param runningVar {@code [C]}. Modified in training.
     * @param training batch statistics (true) or running statistics (false)
     */
    public static Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                   boolean training, float momentum, float eps) {
        Shape s = x.shape();
        if (s.rank() < 2) {
            throw new ShapeException("batchNorm: expected [N, C, ...], got " + s);
        }
        int n = s.dim(0), c = s.dim(1), inner = s.count(2, s.rank());
        for (Tensor t : new Tensor[] {gamma, beta, runningMean, runningVar}) {
            if (t != null && t.numel() != c) {
                throw new ShapeException("batchNorm: per-channel tensors must have " + c + " values for input " + s
                        + ", got " + t.shape());
            }
        }
        int count = n * inner;
        if (training && count < 2) {
            throw new IllegalArgumentException("batchNorm: training needs more than one value per channel, got input "
                    + s);
        }
        float[] xd = x.data();
        Tensor y = Tensor.empty(s);
        float[] yd = y.data();
        float[] gd = gamma == null ? null : gamma.data(), bd = beta == null ? null : beta.data();
        float[] rm = runningMean.data(), rv = runningVar.data();
        // saved for backward: per channel mean and 1/sqrt(var + eps)
        Tensor stats = Tensor.empty(Shape.of(2, c));
        float[] st = stats.data();
        Parallel.forRange(c, (long) c * count * 4, 1L << 18, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float mean, invStd;
                if (training) {
                    double sum = 0;
                    for (int img = 0; img < n; img++) {
                        int base = (img * c + ch) * inner;
                        for (int i = 0; i < inner; i++) sum += xd[base + i];
                    }
                    double mu = sum / count;
                    double sq = 0;
                    for (int img = 0; img < n; img++) {
                        int base = (img * c + ch) * inner;
                        for (int i = 0; i < inner; i++) {
                            double d = xd[base + i] - mu;
                            sq += d * d;
                        }
                    }
                    double var = sq / count;
                    mean = (float) mu;
                    invStd = (float) (1.0 / Math.sqrt(var + eps));
                    rm[ch] = (1 - momentum) * rm[ch] + momentum * mean;
                    rv[ch] = (1 - momentum) * rv[ch] + momentum * (float) (sq / (count - 1));
                } else {
                    mean = rm[ch];
                    invStd = (float) (1.0 / Math.sqrt(rv[ch] + eps));
                }
                st[ch] = mean;
                st[c + ch] = invStd;
                float scale = (gd == null ? 1f : gd[ch]) * invStd;
                float shift = (bd == null ? 0f : bd[ch]) - mean * scale;
                for (int img = 0; img < n; img++) {
                    int base = (img * c + ch) * inner;
                    for (int i = 0; i < inner; i++) yd[base + i] = xd[base + i] * scale + shift;
                }
            }
        });
        Tensor[] inputs = inputs(x, gamma, beta);
        if (Graph.track(Op.BATCH_NORM, y, inputs)) {
            Graph.attach(Op.BATCH_NORM, y, g -> {
                float[] gy = g.data();
                float[] gx = Graph.gradBuffer(x);
                float[] gg = gamma == null ? null : Graph.gradBuffer(gamma);
                float[] gb = beta == null ? null : Graph.gradBuffer(beta);
                Parallel.forRange(c, (long) c * count * 6, 1L << 18, (from, to) -> {
                    for (int ch = from; ch < to; ch++) {
                        float mean = st[ch], invStd = st[c + ch];
                        float gain = gd == null ? 1f : gd[ch];
                        double sumG = 0, sumGX = 0;
                        for (int img = 0; img < n; img++) {
                            int base = (img * c + ch) * inner;
                            for (int i = 0; i < inner; i++) {
                                sumG += gy[base + i];
                                sumGX += gy[base + i] * (xd[base + i] - mean);
                            }
                        }
                        float dBeta = (float) sumG;
                        float dGamma = (float) (sumGX * invStd);
                        if (gg != null) gg[ch] += dGamma;
                        if (gb != null) gb[ch] += dBeta;
                        if (gx == null) {
                            continue;
                        }
                        if (training) { // dx = gain*invStd/m * (m dy - sum dy - xhat * sum(dy xhat))
                            float k = gain * invStd;
                            float meanG = dBeta / count;
                            float meanGX = dGamma * invStd / count; // sum(dy xhat) * invStd / m
                            for (int img = 0; img < n; img++) {
                                int base = (img * c + ch) * inner;
                                for (int i = 0; i < inner; i++) {
                                    float xc = xd[base + i] - mean;
                                    gx[base + i] += k * (gy[base + i] - meanG - xc * meanGX);
                                }
                            }
                        } else {
                            float k = gain * invStd;
                            for (int img = 0; img < n; img++) {
                                int base = (img * c + ch) * inner;
                                for (int i = 0; i < inner; i++) gx[base + i] += k * gy[base + i];
                            }
                        }
                    }
                });
            }, inputs);
        }
        return y;
    }

    private static Tensor[] inputs(Tensor x, Tensor gamma, Tensor beta) {
        if (gamma != null && beta != null) {
            return new Tensor[] {x, gamma, beta};
        }
        if (gamma != null) {
            return new Tensor[] {x, gamma};
        }
        return beta != null ? new Tensor[] {x, beta} : new Tensor[] {x};
    }
}
