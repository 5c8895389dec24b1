// SynthNN: Float32 tensors, reverse-mode autodiff, layers, losses, optimizers and DP-SGD.
// (Filled in by the neural-network engine work.)
