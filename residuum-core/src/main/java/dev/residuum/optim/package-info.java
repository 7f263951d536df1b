/**
 * Optimizers with PyTorch's update rules ({@link dev.residuum.optim.Sgd}, {@link dev.residuum.optim.RmsProp},
 * {@link dev.residuum.optim.Adam} and AdamW) whose state can be exported and restored, and
 * learning-rate schedules in closed form ({@link dev.residuum.optim.LrSchedule}).
 */
package dev.residuum.optim;
