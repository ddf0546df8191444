/* Floating point and SIMD-friendly loops. */
#include <math.h>
#include <stdio.h>

int main(void) {
  volatile double x = 2.0;
  printf("sqrt(2)=%.6f\n", sqrt(x));
  printf("sin(1)=%.6f cos(1)=%.6f\n", sin(1.0 * x / 2), cos(1.0 * x / 2));
  printf("exp(1)=%.6f log(10)=%.6f pow(2,0.5)=%.6f\n", exp(x / 2), log(x * 5), pow(x, 0.5));
  float a[1024];
  for (int i = 0; i < 1024; ++i) a[i] = (float)i * 0.5f;
  float sum = 0;
  for (int i = 0; i < 1024; ++i) sum += a[i] * a[i];
  printf("sum of squares=%.1f\n", sum);
  double acc = 0;
  for (int i = 1; i <= 100000; ++i) acc += 1.0 / ((double)i * i);
  printf("basel=%.9f\n", acc);
  printf("fma=%.3f floor=%.1f round=%.1f\n", fma(x, 3.0, 0.5), floor(-x * 1.25), round(x * 1.25));
  return 0;
}
