// Declarations the SDEverywhere-generated model.c expects, written for this benchmark (Vensim
// semantics of the functions the portable subset uses); not SDEverywhere's own runtime.
#pragma once
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#define EXTERN extern
EXTERN double _time, _initial_time, _final_time, _time_step, _saveper;
EXTERN const int numInputs, numOutputs;
#define bool_cond(cond) ((double)(cond) != 0.0)
#define _ABS(x) fabs(x)
#define _EXP(x) exp(x)
#define _LN(x) log(x)
#define _SQRT(x) sqrt(x)
#define _MIN(a, b) fmin(a, b)
#define _MAX(a, b) fmax(a, b)
#define _INTEGER(x) trunc(x)
#define _POWER(a, b) pow(a, b)
#define _IF_THEN_ELSE(c, t, f) (bool_cond(c) ? (t) : (f))
#define _INTEG(value, rate) ((value) + (rate) * _time_step)
#define _STEP(height, step_time) (_time + _time_step / 2.0 > (step_time) ? (height) : 0.0)
double _XIDZ(double a, double b, double x);
double _ZIDZ(double a, double b);
double _RAMP(double slope, double start_time, double end_time);
double _PULSE(double start, double width);
typedef enum { Interpolate, Forward, Backward } LookupMode;
typedef struct { double* data; size_t size; size_t last; } Lookup;
Lookup* __new_lookup(size_t size, bool copy, double* data);
double __lookup(Lookup* lookup, double input, bool use_inverted_data, LookupMode mode);
#define _LOOKUP(lookup, x) __lookup(lookup, x, false, Interpolate)
#define _WITH_LOOKUP(x, lookup) __lookup(lookup, x, false, Interpolate)
void outputVar(double value);
void initConstants(void);
void initLevels(void);
void setInputs(double* inputValues, int32_t* inputIndices);
void evalAux(void);
void evalLevels(void);
void storeOutputData(void);
