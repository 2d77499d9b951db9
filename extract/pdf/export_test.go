package pdf

// CPUTime is cpuTime, for the pipeline's benchmarks in package pdf_test.
var CPUTime = cpuTime
