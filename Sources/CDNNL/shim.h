#include <oneapi/dnnl/dnnl.h>
// libdnnl is built on OpenMP (libgomp); its thread count is OpenMP's, set per calling thread.
void omp_set_num_threads(int num_threads);
