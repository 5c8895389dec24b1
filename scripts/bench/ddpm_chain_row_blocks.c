/* The reverse chain's denoiser body at SynthCity's defaults (adult: input width 40, embedding 128, 3 x 256; one
 * batch of 16,384 rows) layer by layer over the whole batch (main) against blocks of R rows through every layer
 * (Denoiser.chainForward), and each with the bias written into C before a beta = 1 sgemm instead of a beta = 0
 * sgemm and a bias (+ ReLU) pass after it. Process CPU time, best of 5 batches of 3 passes, alternating; the
 * elementwise passes are SSE loops like the Swift ones. Also checks that every variant gives the whole batch's
 * bytes (docs/ddpm.md §5, docs/nn.md §6.2):
 *   cc -O2 scripts/bench/ddpm_chain_row_blocks.c -lopenblas -o /tmp/ddpm_chain_row_blocks
 *   OPENBLAS_CORETYPE=COOPERLAKE /tmp/ddpm_chain_row_blocks            */
#include <cblas.h>
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#define ROWS 16384
static double cpu(void){struct timespec t;clock_gettime(CLOCK_PROCESS_CPUTIME_ID,&t);return t.tv_sec+1e-9*t.tv_nsec;}
static const int W[6]={40,128,256,256,256,40};
static float *Wt[5],*Bs[5],*X,*H[5],*OUT;
/* dst = max(dst + b, 0) (relu) or dst + b, row by row; b may be NULL (ReLU alone) */
static void pass(float*c,const float*b,int m,int n,int relu){__m128 z=_mm_setzero_ps();
  for(int r=0;r<m;r++){float*d=c+(size_t)r*n; for(int j=0;j<n;j+=4){__m128 v=_mm_loadu_ps(d+j); if(b)v=_mm_add_ps(v,_mm_loadu_ps(b+j)); if(relu)v=_mm_max_ps(v,z); _mm_storeu_ps(d+j,v);}}}
static void fill(float*c,const float*b,int m,int n){for(int r=0;r<m;r++)memcpy(c+(size_t)r*n,b,n*4);}
static void forward(int R,int prefill){
  int blocks=ROWS/R>0?ROWS/R:1;
  for(int bl=0;bl<blocks;bl++){int r0=bl*R, m=bl==blocks-1?ROWS-r0:R; const float*in=X+(size_t)r0*W[0];
    for(int l=0;l<5;l++){float*out=l==4?OUT+(size_t)r0*W[5]:H[l]; int k=W[l],n=W[l+1],relu=l>=1&&l<4;
      if(prefill){fill(out,Bs[l],m,n);cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasTrans,m,n,k,1,in,k,Wt[l],k,1,out,n); if(relu)pass(out,NULL,m,n,1);}
      else{cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasTrans,m,n,k,1,in,k,Wt[l],k,0,out,n); pass(out,Bs[l],m,n,relu);}
      in=out;}}}
static double best(int R,int prefill){double b=1e9;for(int i=0;i<5;i++){double t0=cpu();for(int k=0;k<3;k++)forward(R,prefill);double t=(cpu()-t0)/3;if(t<b)b=t;}return b;}
int main(void){openblas_set_num_threads(1); srand(1);
  X=malloc(4*ROWS*40); for(int i=0;i<ROWS*40;i++)X[i]=(rand()%2000-1000)/500.f;
  for(int l=0;l<5;l++){Wt[l]=malloc(4*W[l]*W[l+1]);Bs[l]=malloc(4*W[l+1]);
    for(int i=0;i<W[l]*W[l+1];i++)Wt[l][i]=(rand()%2000-1000)/16000.f; for(int i=0;i<W[l+1];i++)Bs[l][i]=(rand()%2000-1000)/16000.f;
    H[l]=aligned_alloc(64,4*(size_t)ROWS*256);}
  OUT=malloc(4*ROWS*40); float*ref=malloc(4*ROWS*40);
  forward(ROWS,0); memcpy(ref,OUT,4*ROWS*40);
  int Rs[]={2048,1024,512,256};
  for(int i=0;i<4;i++)for(int p=0;p<2;p++){forward(Rs[i],p);printf("R=%d%s: %s bytes\n",Rs[i],p?" beta=1":"",memcmp(ref,OUT,4*ROWS*40)?"OTHER":"the same");}
  double fl=2.0*ROWS*(40*128+128*256+2*256*256+256*40);
  printf("core %s, %.0f MFLOP per pass\n",openblas_get_corename(),fl/1e6);
  for(int pair=0;pair<4;pair++){double a=best(ROWS,0),b=best(1024,0),c=best(ROWS,1),d=best(1024,1);
    printf("whole batch %.2f ms (%.1f GFLOP/s), blocks of 1024 %.2f ms (%.1f) -> %.2fx;  with beta=1: whole %.2f ms, blocks %.2f ms\n",
      a*1e3,fl/a/1e9,b*1e3,fl/b/1e9,a/b,c*1e3,d*1e3);}
  return 0;}
