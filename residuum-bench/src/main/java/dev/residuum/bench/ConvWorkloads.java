package dev.residuum.bench;

import dev.residuum.autodiff.Graph;
import dev.residuum.data.FashionMnist;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.data.Permutation;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.optim.Sgd;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * W1 ({@code resnet20_train}), W2 ({@code plain20_train}) and W3 ({@code resnet20_infer}) of the
 * reference: the 60 000 Fashion-MNIST training images normalised with mean 0.2860 / std 0.3530,
 * shuffled once with a fixed seed, consecutive batches; ResNet-20 / plain-20 (shortcut A),
 * Kaiming-normal convolutions; training with SGD (lr 0.1, momentum 0.9, weight decay 1e-4),
 * cross-entropy, training-mode batch norm; inference in evaluation mode without recording.
 */
final class ConvWorkloads {
    private ConvWorkloads() {
    }

    /** The shuffled training set as one [N, 1, 28, 28] array plus labels. */
    static final class Data {
        final float[] images;
        final int[] labels;
        final int count;
        final int imageSize;

        Data(Path dir, long seed) {
            ImageSet set;
            try {
                set = Idx.readSplit(dir, Idx.TRAIN, Idx.ALL, FashionMnist.MEAN, FashionMnist.STD);
            } catch (IOException e) {
                throw new UncheckedIOException("Fashion-MNIST not readable in " + dir
                        + " (apt-get install dataset-fashion-mnist, or --data DIR): " + e.getMessage(), e);
            }
            count = set.size();
            imageSize = set.images().numel() / count;
            float[] src = set.images().data();
            int[] perm = Permutation.random(count, new Rng(seed));
            images = new float[src.length];
            labels = new int[count];
            for (int i = 0; i < count; i++) {
                System.arraycopy(src, perm[i] * imageSize, images, i * imageSize, imageSize);
                labels[i] = set.labels()[perm[i]];
            }
        }
    }

    /** Consecutive batches over the data, copied into workspace tensors. */
    private abstract static class Step implements Runnable {
        final Data data;
        final int batch;
        final CifarResNet net;
        final Workspace workspace = new Workspace();
        final int[] labels;
        private int next;

        Step(Data data, int batch, CifarResNet net) {
            this.data = data;
            this.batch = batch;
            this.net = net;
            this.labels = new int[batch];
        }

        Tensor nextBatch() {
            int batches = data.count / batch;
            int start = (next++ % batches) * batch;
            Tensor x = Tensor.empty(Shape.of(batch, 1, 28, 28));
            System.arraycopy(data.images, start * data.imageSize, x.data(), 0, batch * data.imageSize);
            System.arraycopy(data.labels, start, labels, 0, batch);
            return x;
        }
    }

    static Runnable train(Data data, String model, int batch, long seed) {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of(model), new Rng(seed));
        Sgd sgd = new Sgd(net.parameters(), Sgd.Config.heEtAl(0.1));
        return new Step(data, batch, net) {
            @Override
            public void run() {
                sgd.zeroGrad();
                try (Workspace.Scope scope = workspace.enter()) {
                    net.forward(nextBatch(), true).crossEntropy(labels).backward();
                }
                sgd.step();
            }
        };
    }

    static Runnable infer(Data data, long seed) {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet20"), new Rng(seed));
        return new Step(data, 256, net) {
            @Override
            public void run() {
                try (Workspace.Scope scope = workspace.enter(); Graph.NoGradScope noGrad = Graph.noGrad()) {
                    net.forward(nextBatch(), false);
                }
            }
        };
    }
}
