// Pooling is part of the loss settings, which checkpoints and reports store as JSON.
extension PoolingMode: Codable {}
