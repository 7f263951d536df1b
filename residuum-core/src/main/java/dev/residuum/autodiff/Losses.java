package dev.residuum.autodiff;

import dev.residuum.tensor.Shape;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * Log-softmax and the two standard losses, each fused with its gradient for stability and speed;
 * each function followed by its {@link Primitive} record.
 */
public final class Losses {
    private Losses() {
    }

    /** {@code x - logsumexp(x)} along an axis, computed with the maximum subtracted first. */
    public static Tensor logSoftmax(Tensor x, int axis) {
        Shape s = x.shape();
        int ax = s.axis(axis);
        int outer = s.count(0, ax), size = s.dim(ax), inner = s.count(ax + 1, s.rank());
        Tensor y = Tensor.empty(s);
        float[] xd = x.data(), yd = y.data();
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * size * inner + i;
                float m = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < size; k++) m = Math.max(m, xd[base + k * inner]);
                double sum = 0;
                for (int k = 0; k < size; k++) sum += Math.exp(xd[base + k * inner] - m);
                float logSum = (float) Math.log(sum);
                // (x - max) - log(sum), in this order: forming max + log(sum) first loses precision
                // for large logits (as PyTorch found, pytorch#11752)
                for (int k = 0; k < size; k++) yd[base + k * inner] = (xd[base + k * inner] - m) - logSum;
            }
        }
        boolean recorded = Graph.track(LogSoftmax.class, y, x);
        return recorded ? Graph.attach(new LogSoftmax(x, yd, outer, size, inner), y, x) : y;
    }

    /**
     * Log-softmax with output {@code y}, along an axis of {@code size} (between {@code outer} and
     * {@code inner} values): {@code gx = g - softmax * sum(g)}, {@code dy = dx - sum(softmax * dx)}.
     */
    record LogSoftmax(Tensor x, float[] y, int outer, int size, int inner) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(x), gd = g.data();
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * size * inner + i;
                    float gs = 0f;
                    for (int k = 0; k < size; k++) gs += gd[base + k * inner];
                    for (int k = 0; k < size; k++) {
                        int j = base + k * inner;
                        gx[j] += gd[j] - (float) Math.exp(y[j]) * gs;
                    }
                }
            }
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            Tensor dy = Tensor.empty(x.shape());
            float[] dx = t[0].data(), dyd = dy.data();
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * size * inner + i;
                    double ps = 0;
                    for (int k = 0; k < size; k++) ps += Math.exp(y[base + k * inner]) * dx[base + k * inner];
                    for (int k = 0; k < size; k++) dyd[base + k * inner] = (float) (dx[base + k * inner] - ps);
                }
            }
            return dy;
        }
    }

    /**
     * Mean cross-entropy of logits against integer class labels, as PyTorch's
     * {@code F.cross_entropy(logits, labels)}.
     *
     * @param logits {@code [N, C]}. Not modified.
     * @param labels N values in {@code [0, C)}. Not modified.
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels) {
        Objects.requireNonNull(labels, "labels");
        Graph.requireRank("crossEntropy", logits, 2);
        int n = logits.shape().dim(0), c = logits.shape().dim(1);
        if (labels.length != n) {
            throw new ShapeException("crossEntropy: " + labels.length + " labels for logits " + logits.shape()
                    + "; need one label per row");
        }
        float[] xd = logits.data();
        Tensor probs = Tensor.empty(logits.shape());
        float[] pd = probs.data();
        double loss = 0;
        for (int r = 0; r < n; r++) {
            int label = labels[r];
            if (label < 0 || label >= c) {
                throw new IllegalArgumentException("crossEntropy: label " + label + " at row " + r
                        + " is outside [0, " + c + ")");
            }
            int base = r * c;
            float m = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) m = Math.max(m, xd[base + k]);
            double sum = 0;
            for (int k = 0; k < c; k++) {
                double e = Math.exp(xd[base + k] - m);
                pd[base + k] = (float) e;
                sum += e;
            }
            for (int k = 0; k < c; k++) pd[base + k] = (float) (pd[base + k] / sum);
            loss += -(xd[base + label] - m - Math.log(sum));
        }
        Tensor y = Tensor.empty(Shape.SCALAR);
        y.data()[0] = (float) (loss / Math.max(1, n));
        boolean recorded = Graph.track(CrossEntropy.class, y, logits);
        return recorded ? Graph.attach(new CrossEntropy(logits, pd, labels.clone(), n, c), y, logits) : y;
    }

    /**
     * Mean cross-entropy of {@code [n, c]} logits whose softmax is {@code probs}: the gradient is
     * {@code (softmax - onehot) / n}, the tangent its contraction with the logits' tangent.
     */
    record CrossEntropy(Tensor logits, float[] probs, int[] labels, int n, int c) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(logits);
            float scale = g.data()[0] / Math.max(1, n);
            for (int r = 0; r < n; r++) {
                int base = r * c;
                for (int k = 0; k < c; k++) {
                    gx[base + k] += scale * (probs[base + k] - (k == labels[r] ? 1f : 0f));
                }
            }
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            float[] dx = t[0].data();
            double d = 0;
            for (int r = 0; r < n; r++) {
                for (int k = 0; k < c; k++) {
                    d += (probs[r * c + k] - (k == labels[r] ? 1.0 : 0.0)) * dx[r * c + k];
                }
            }
            return Tangents.scalar(d / Math.max(1, n));
        }
    }

    /** Mean squared error {@code mean((pred - target)^2)}; shapes must be equal. */
    public static Tensor mse(Tensor pred, Tensor target) {
        if (!pred.shape().equals(target.shape())) {
            throw new ShapeException("mse: prediction " + pred.shape() + " and target " + target.shape()
                    + " differ; reshape one so both have the same shape");
        }
        float[] pd = pred.data(), td = target.data();
        int n = pd.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float d = pd[i] - td[i];
            sum += d * d;
        }
        Tensor y = Tensor.empty(Shape.SCALAR);
        y.data()[0] = (float) (sum / Math.max(1, n));
        boolean recorded = Graph.track(MeanSquaredError.class, y, pred, target);
        return recorded ? Graph.attach(new MeanSquaredError(pred, target, pd, td), y, pred, target) : y;
    }

    /**
     * {@code mean((pred - target)^2)} over the values {@code pd}, {@code td}: the gradients are
     * {@code +-2 (pred - target) / n}, the tangent {@code 2 mean((pred - target) (dpred - dtarget))}.
     */
    record MeanSquaredError(Tensor pred, Tensor target, float[] pd, float[] td) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            int n = pd.length;
            float scale = 2f * g.data()[0] / Math.max(1, n);
            float[] gp = Graph.gradBuffer(pred), gt = Graph.gradBuffer(target);
            for (int i = 0; i < n; i++) {
                float d = scale * (pd[i] - td[i]);
                if (gp != null) gp[i] += d;
                if (gt != null) gt[i] -= d;
            }
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            int n = pd.length;
            float[] dp = t[0] == null ? null : t[0].data(), dt = t[1] == null ? null : t[1].data();
            double d = 0;
            for (int i = 0; i < n; i++) {
                d += (pd[i] - td[i]) * ((dp == null ? 0.0 : dp[i]) - (dt == null ? 0.0 : dt[i]));
            }
            return Tangents.scalar(2 * d / Math.max(1, n));
        }
    }
}
