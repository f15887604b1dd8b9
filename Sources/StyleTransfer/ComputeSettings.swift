import Tensors

// What the library's callers choose about how it computes, named here so that a front end needs
// no module below the library: which algorithms and number formats convolutions may use, the
// machine's measured choices among them, how idle threads wait, and giving memory back between jobs; and what it runs
// on (the CPU's features, oneDNN's version).
public typealias ConvolutionPolicy = Tensors.ConvolutionPolicy
public typealias ConvolutionAlgorithm = Tensors.ConvolutionAlgorithm
public typealias Precision = Tensors.Precision
public typealias ConvolutionPolicyError = Tensors.ConvolutionPolicyError
public typealias ConvolutionChoices = Tensors.ConvolutionChoices
public typealias CPUFeatures = Tensors.CPUFeatures
public typealias OneDNNVersion = Tensors.OneDNNVersion
public typealias MemoryRelease = Tensors.MemoryRelease
public typealias OpenMPWaiting = Tensors.OpenMPWaiting
