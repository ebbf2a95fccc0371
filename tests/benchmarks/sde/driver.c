// Runs the generated model once per row of inputs.bin and reports the time per run; the loop
// is the one SDEverywhere's runtime runs (evalAux, outputs at save times, evalLevels).
#include <time.h>
#include "sde.h"

double _time;
static double* outputs;
static size_t output_index;

double _XIDZ(double a, double b, double x) { return fabs(b) < 1e-6 ? x : a / b; }
double _ZIDZ(double a, double b) { return fabs(b) < 1e-6 ? 0.0 : a / b; }
double _RAMP(double slope, double start, double end) {
  return _time > start ? slope * ((_time < end ? _time : end) - start) : 0.0;
}
double _PULSE(double start, double width) {
  return (_time + _time_step / 2.0 > start && _time + _time_step / 2.0 < start + width) ? 1.0 : 0.0;
}
Lookup* __new_lookup(size_t size, bool copy, double* data) {
  Lookup* lookup = malloc(sizeof(Lookup));
  lookup->data = data;
  lookup->size = size;
  lookup->last = 0;
  return lookup;
}
double __lookup(Lookup* lookup, double x, bool use_inverted_data, LookupMode mode) {
  const double* d = lookup->data;
  size_t n = lookup->size;
  if (x <= d[0]) return d[1];
  if (x >= d[2 * (n - 1)]) return d[2 * (n - 1) + 1];
  size_t i = (lookup->last < n - 1 && x >= d[2 * lookup->last]) ? lookup->last : 0;  // times only grow
  while (x >= d[2 * (i + 1)]) i++;
  lookup->last = i;
  double x0 = d[2 * i], y0 = d[2 * i + 1], x1 = d[2 * i + 2], y1 = d[2 * i + 3];
  return y0 + (x - x0) * (y1 - y0) / (x1 - x0);
}
void outputVar(double value) { outputs[output_index++] = value; }

static void run(double* inputs) {
  initConstants();
  setInputs(inputs, NULL);
  initLevels();
  _time = _initial_time;
  int last = (int)round((_final_time - _initial_time) / _time_step);
  for (int step = 0; step <= last; step++) {
    evalAux();
    if (fmod(_time, _saveper) < 1e-6) storeOutputData();
    if (step == last) break;
    evalLevels();
    _time += _time_step;
  }
}

int main(int argc, char** argv) {
  FILE* f = fopen(argv[1], "rb");
  int runs = atoi(argv[2]);
  double* inputs = malloc(sizeof(double) * runs * numInputs);
  if (fread(inputs, sizeof(double), (size_t)runs * numInputs, f) != (size_t)runs * numInputs) return 1;
  fclose(f);
  outputs = malloc(sizeof(double) * (size_t)runs * numOutputs * 1000);
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (int r = 0; r < runs; r++) run(inputs + (size_t)r * numInputs);
  clock_gettime(CLOCK_MONOTONIC, &end);
  double seconds = (end.tv_sec - start.tv_sec) + 1e-9 * (end.tv_nsec - start.tv_nsec);
  printf("%.3f\n", seconds / runs * 1e6);
  size_t per_run = output_index / runs;
  FILE* o = fopen(argv[3], "wb");
  fwrite(outputs, sizeof(double), output_index, o);
  fclose(o);
  fprintf(stderr, "%zu outputs per run\n", per_run);
  return 0;
}
