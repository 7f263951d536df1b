/**
 * Optimizers with PyTorch's update rules ({@link dev.residuum.optim.Sgd},
 * {@link dev.residuum.optim.Adam} and AdamW,
 * {@link dev.residuum.optim.Adagrad}) whose state can be exported and restored, and
 * learning-rate schedules in closed form ({@link dev.residuum.optim.LrSchedule}).
 */
package dev.residuum.optim;
