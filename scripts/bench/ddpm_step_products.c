/* The SynthCity-defaults TabDDPM step's own sgemm calls replayed alone, against sgemm at the bench's reference
 * shapes, alternating, over process CPU time (docs/ddpm.md §5, "Training and sampling steps against sgemm"):
 * the rate a step whose elementwise passes cost nothing would reach. The same call lists as
 * DiffusionBenchmark.trainingProducts / samplingProducts (adult: input width 40, embedding 128, 3 x 256, batch
 * 1024; sampling 16,384 rows), which `synthbench bench ddpm` prints as "products alone"; this C form runs without
 * a release build of SynthBench. Operands are reused between calls (warm caches), so it is a ceiling.
 *   cc -O2 scripts/bench/ddpm_step_products.c -lopenblas -o /tmp/ddpm_step_products
 *   OPENBLAS_CORETYPE=COOPERLAKE /tmp/ddpm_step_products
 * Prints four pairs; each rate is the best of 5 batches of at least 0.2 s. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double cpu(){struct timespec t;clock_gettime(CLOCK_PROCESS_CPUTIME_ID,&t);return t.tv_sec+1e-9*t.tv_nsec;}
typedef struct {int m,n,k,ta,tb;} P;
static float *A,*B,*C;
static double rate(P*p,int np){ double fl=0; for(int i=0;i<np;i++) fl+=2.0*p[i].m*p[i].n*p[i].k;
  int reps=1; double t;
  for(;;){ double t0=cpu(); for(int r=0;r<reps;r++) for(int i=0;i<np;i++)
      cblas_sgemm(CblasRowMajor,p[i].ta?CblasTrans:CblasNoTrans,p[i].tb?CblasTrans:CblasNoTrans,p[i].m,p[i].n,p[i].k,1,A,p[i].ta?p[i].m:p[i].k,B,p[i].tb?p[i].k:p[i].n,0,C,p[i].n);
    t=cpu()-t0; if(t>=0.2)break; reps*=2;}
  double best=1e9; for(int b=0;b<5;b++){ double t0=cpu(); for(int r=0;r<reps;r++) for(int i=0;i<np;i++)
      cblas_sgemm(CblasRowMajor,p[i].ta?CblasTrans:CblasNoTrans,p[i].tb?CblasTrans:CblasNoTrans,p[i].m,p[i].n,p[i].k,1,A,p[i].ta?p[i].m:p[i].k,B,p[i].tb?p[i].k:p[i].n,0,C,p[i].n);
    t=cpu()-t0; if(t<best)best=t;}
  return fl*reps/best/1e9;}
int main(){ A=malloc(4<<24);B=malloc(4<<24);C=malloc(4<<24); for(int i=0;i<(1<<24);i++){A[i]=(rand()%200-100)/100.f;B[i]=(rand()%200-100)/100.f;C[i]=0;}
  openblas_set_num_threads(1);
  int b=1024,d=40,e=128,h=256;
  int layers[7][3]={{d,e,0},{e,e,0},{e,e,1},{e,h,1},{h,h,1},{h,h,1},{h,d,1}};
  P tr[32]; int n=0;
  for(int i=0;i<7;i++){ tr[n++] = (P){b,layers[i][1],layers[i][0],0,1}; }
  for(int i=6;i>=0;i--){ tr[n++]=(P){layers[i][1],layers[i][0],b,1,0}; if(layers[i][2]) tr[n++]=(P){b,layers[i][0],layers[i][1],0,0}; }
  int rows=16384; P sa[8]; int ns=0; int sl[5][2]={{d,e},{e,h},{h,h},{h,h},{h,d}};
  for(int i=0;i<5;i++) sa[ns++]=(P){rows,sl[i][1],sl[i][0],0,1};
  P r1={1024,256,256,0,0}, r2={16384,256,256,0,0};
  printf("core %s\n", openblas_get_corename());
  for(int pair=0;pair<4;pair++){
    double ref=rate(&r1,1), st=rate(tr,n), ref2=rate(&r2,1), sm=rate(sa,ns);
    printf("train: ref 1024x256x256 %.1f, step products %.1f -> %.1f%%   sample: ref 16384x256x256 %.1f, step products %.1f -> %.1f%%\n", ref, st, 100*st/ref, ref2, sm, 100*sm/ref2);
  }
  return 0;}
