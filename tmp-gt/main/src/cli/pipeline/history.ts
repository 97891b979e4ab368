/** What one epoch of training measured; accuracies are fractions in [0, 1]. */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
}
