// The lab's WebGPU smoke test: y = scale * x * x + offset for every element.
// Its CPU twin is smokeCpu in src/gpu/smoke.ts; the landing page runs both and compares.
struct SmokeParams {
  scale: f32,
  offset: f32,
  count: u32,
};

@group(0) @binding(0) var<uniform> params: SmokeParams;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i >= params.count) {
    return;
  }
  let x = input[i];
  output[i] = params.scale * x * x + params.offset;
}
