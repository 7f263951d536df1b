package dev.residuum.autodiff;

import dev.residuum.kernel.Lanes;
import dev.residuum.kernel.Parallel;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;

/**
 * Batch normalisation over axis 1 (channels) with PyTorch's semantics: in training, the batch's
 * mean and biased variance normalise, and the running statistics move by {@code momentum}
 * towards the batch mean and the <em>unbiased</em> batch variance; in evaluation the running
 * statistics normalise.
 *
 * <p>Forward and backward are fused per channel, optionally with what follows batch norm in a
 * ResNet: a residual input added after it and a ReLU, {@code relu(bn(x) + residual)} — the end
 * of a basic block in one pass each way. These passes are memory-bound, so each pass saved over
 * the activations is time saved; sums run in four double-precision lanes (a single accumulator
 * would be a serial chain of additions). The {@link BatchNorm} record holds what both
 * derivatives need.
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
        return batchNorm(x, gamma, beta, runningMean, runningVar, training, momentum, eps, null, false);
    }

    /**
     * {@code bn(x)}, then {@code + residual} if given, then {@code max(0, .)} if {@code relu}.
     *
     * @param residual same shape as x, or null. Not modified.
     */
    public static Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                   boolean training, float momentum, float eps, Tensor residual, boolean relu) {
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
        if (residual != null && !residual.shape().equals(s)) {
            throw new ShapeException("batchNorm: residual " + residual.shape() + " must have the input's shape " + s);
        }
        int count = n * inner;
        if (training && count < 2) {
            throw new IllegalArgumentException("batchNorm: training needs more than one value per channel, got input "
                    + s);
        }
        float[] xd = x.data(), rd = residual == null ? null : residual.data();
        Tensor y = Tensor.empty(s);
        float[] yd = y.data();
        float[] gd = gamma == null ? null : gamma.data(), bd = beta == null ? null : beta.data();
        float[] rm = runningMean.data(), rv = runningVar.data();
        Tensor stats = Tensor.empty(Shape.of(2, c)); // saved for backward: mean and 1/sqrt(var + eps)
        float[] st = stats.data();
        Parallel.forRange(c, (long) c * count * 4, 1L << 18, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float mean, invStd;
                if (training) {
                    // per row (one image's plane, in L1): its mean, then its centred squares; rows are
                    // combined in double with Chan's formula (one pass over memory, no cancellation)
                    double mu = 0, m2 = 0;
                    long seen = 0;
                    for (int img = 0; img < n; img++) {
                        int base = (img * c + ch) * inner;
                        float rowMean = Lanes.sum(xd, base, inner) / inner;
                        double q = Lanes.sumSquaredDeviations(xd, base, inner, rowMean);
                        double delta = rowMean - mu;
                        long total = seen + inner;
                        mu += delta * inner / total;
                        m2 += q + delta * delta * ((double) seen * inner / total);
                        seen = total;
                    }
                    mean = (float) mu;
                    invStd = (float) (1.0 / Math.sqrt(m2 / count + eps));
                    rm[ch] = (1 - momentum) * rm[ch] + momentum * mean;
                    rv[ch] = (1 - momentum) * rv[ch] + momentum * (float) (m2 / (count - 1));
                } else {
                    mean = rm[ch];
                    invStd = (float) (1.0 / Math.sqrt(rv[ch] + eps));
                }
                st[ch] = mean;
                st[c + ch] = invStd;
                // (x - mean) * scale + beta: subtracting first keeps precision when |mean| >> std
                // (x * scale - mean * scale would cancel catastrophically there)
                float scale = (gd == null ? 1f : gd[ch]) * invStd;
                float shift = bd == null ? 0f : bd[ch];
                for (int img = 0; img < n; img++) {
                    Lanes.normalize(xd, rd, yd, (img * c + ch) * inner, inner, mean, scale, shift, relu);
                }
            }
        });
        Tensor[] inputs = inputs(x, gamma, beta, residual);
        boolean recorded = Graph.track(BatchNorm.class, y, inputs);
        return recorded ? Graph.attach(new BatchNorm(x, gamma, beta, residual, yd, st, training, relu), y, inputs) : y;
    }

    /**
     * Batch norm (with the residual and the ReLU when fused) of x, whose output is {@code yd}, with
     * the per-channel mean and {@code 1/sqrt(var + eps)} it normalised by in {@code st}
     * ({@code [2, C]}); gamma, beta and residual null where absent.
     */
    record BatchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor residual, float[] yd, float[] st, boolean training,
                     boolean relu) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gy = g.data(), xd = x.data();
            Shape s = x.shape();
            int n = s.dim(0), c = s.dim(1), inner = s.count(2, s.rank());
            float[] gd = gamma == null ? null : gamma.data();
            boolean freshX = Graph.needsGrad(x) && Graph.existingGrad(x) == null;
            float[] gx = !Graph.needsGrad(x) ? null : freshX ? Graph.newGrad(x) : Graph.existingGrad(x);
            boolean wantR = residual != null && Graph.needsGrad(residual);
            boolean freshR = wantR && Graph.existingGrad(residual) == null;
            float[] gr = !wantR ? null : freshR ? Graph.newGrad(residual) : Graph.existingGrad(residual);
            float[] gg = gamma == null ? null : Graph.gradBuffer(gamma);
            float[] gb = beta == null ? null : Graph.gradBuffer(beta);
            int count = n * inner;
            Parallel.forRange(c, (long) c * count * 6, 1L << 18, (from, to) -> {
                double[] acc = new double[2]; // one pair of sums per chunk, reset per channel
                for (int ch = from; ch < to; ch++) {
                    float mean = st[ch], invStd = st[c + ch];
                    float gain = gd == null ? 1f : gd[ch];
                    // pass 1: sums of the (ReLU-masked) gradient and of gradient * (x - mean), centred per
                    // element (sum(g x) - mean sum(g) would cancel badly when |mean| >> std)
                    acc[0] = 0;
                    acc[1] = 0;
                    for (int img = 0; img < n; img++) {
                        Lanes.gradientSums(gy, relu ? yd : null, xd, (img * c + ch) * inner, inner, mean, acc);
                    }
                    double sumG = acc[0], sumGXc = acc[1];
                    float dBeta = (float) sumG;
                    float dGamma = (float) (sumGXc * invStd);
                    if (gg != null) gg[ch] += dGamma;
                    if (gb != null) gb[ch] += dBeta;
                    // pass 2: dx = gain*invStd * (g - mean(g) - xhat * mean(g * xhat)) in training; the
                    // residual's gradient is the (masked) gradient itself
                    float k = gain * invStd;
                    float meanG = training ? dBeta / count : 0f;
                    float meanGX = training ? dGamma * invStd / count : 0f;
                    for (int img = 0; img < n; img++) {
                        int base = (img * c + ch) * inner;
                        if (gx != null) { // with the residual's gradient (the masked gradient) in the same pass
                            Lanes.inputGradient(gy, relu ? yd : null, xd, gx, base, inner, mean, k, meanG, meanGX,
                                    !freshX, gr, !freshR);
                        } else if (gr != null) {
                            Lanes.maskedCopy(gy, relu ? yd : null, gr, base, inner, !freshR);
                        }
                    }
                }
            });
        }

        /**
         * The Jacobian–vector product: with {@code xhat = (x - mean) invStd}, in training
         * {@code dxhat = invStd (dx - mean(dx) - xhat mean(xhat dx))} per channel (the batch statistics
         * move with x), in evaluation {@code dxhat = invStd dx}; then
         * {@code d(pre) = dgamma xhat + gamma dxhat + dbeta + dresidual}, masked by the ReLU if fused.
         *
         * @param t tangents in the order of {@link Normalization#inputs} (absent inputs skipped), null for zero
         */
        @Override
        public Tensor jvp(Tensor[] t) {
            Shape s = x.shape();
            int n = s.dim(0), c = s.dim(1), inner = s.count(2, s.rank());
            int k = 0;
            float[] dx = t[k++] == null ? null : t[k - 1].data();
            float[] dg = gamma == null ? null : t[k++] == null ? null : t[k - 1].data();
            float[] db = beta == null ? null : t[k++] == null ? null : t[k - 1].data();
            float[] dr = residual == null ? null : t[k] == null ? null : t[k].data();
            float[] xd = x.data(), gd = gamma == null ? null : gamma.data();
            Tensor out = Tensor.empty(x.shape());
            float[] dy = out.data();
            int count = n * inner;
            for (int ch = 0; ch < c; ch++) {
                float mean = st[ch], invStd = st[c + ch];
                double meanDx = 0, meanXhatDx = 0;
                if (dx != null && training) {
                    for (int img = 0; img < n; img++) {
                        int base = (img * c + ch) * inner;
                        for (int i = base; i < base + inner; i++) {
                            meanDx += dx[i];
                            meanXhatDx += (xd[i] - mean) * invStd * dx[i];
                        }
                    }
                    meanDx /= count;
                    meanXhatDx /= count;
                }
                float gain = gd == null ? 1f : gd[ch];
                for (int img = 0; img < n; img++) {
                    int base = (img * c + ch) * inner;
                    for (int i = base; i < base + inner; i++) {
                        double xhat = (xd[i] - mean) * invStd;
                        double v = 0;
                        if (dx != null) {
                            v += gain * invStd * (dx[i] - meanDx - xhat * meanXhatDx);
                        }
                        if (dg != null) {
                            v += dg[ch] * xhat;
                        }
                        if (db != null) {
                            v += db[ch];
                        }
                        if (dr != null) {
                            v += dr[i];
                        }
                        dy[i] = relu && !(yd[i] > 0f) ? 0f : (float) v;
                    }
                }
            }
            return out;
        }
    }

    private static Tensor[] inputs(Tensor x, Tensor gamma, Tensor beta, Tensor residual) {
        Tensor[] all = {x, gamma, beta, residual};
        int k = 0;
        for (Tensor t : all) {
            if (t != null) k++;
        }
        Tensor[] out = new Tensor[k];
        k = 0;
        for (Tensor t : all) {
            if (t != null) out[k++] = t;
        }
        return out;
    }
}
