package fsscan.pipeline;

import fsscan.input.ScanInput;

/**
 * What every stage of one import shares, given once: the input, the bounds, the reusable chunk
 * arrays, the meters and the progress counters.
 */
record PipelineSetup(ScanInput input, ImportSettings settings, ChunkBuffers buffers, Tracer tracer, Progress progress) {
}
