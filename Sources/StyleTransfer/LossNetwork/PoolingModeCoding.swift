// Pooling is part of a loss configuration, which checkpoints and reports store as JSON.
extension PoolingMode: Codable {}
