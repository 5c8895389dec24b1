// Bridging header of scripts/bench/privacy_kernels.swift: OpenBLAS's dgemm (the previous search) and the
// C kernels of Sources/CSynthKernels (the new one).
#include <cblas.h>
#include "../../Sources/CSynthKernels/include/CSynthKernels.h"
