/* Whether writing a bias into C and calling sgemm with beta = 1 gives the bytes of a beta = 0 sgemm followed by
 * the bias add, per product depth K and OpenBLAS kernel (docs/nn.md §6.2, docs/ddpm.md §5). The two agree while
 * OpenBLAS forms each sum in one K block (b + Σ = Σ + b); once it splits K into blocks of its GEMM_Q, the bias
 * is added to a partial sum and some of the 28,800 sums of this 300 x 96 product differ. "=" same bytes, "x" not.
 *   cc -O2 scripts/bench/sgemm_k_block.c -lopenblas -o /tmp/sgemm_k_block
 *   for c in Prescott Core2 Nehalem Sandybridge Haswell Zen SkylakeX Cooperlake; do OPENBLAS_CORETYPE=$c /tmp/sgemm_k_block; done */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void){openblas_set_num_threads(1); int M=300,N=96; int Ks[]={64,96,128,129,160,192,224,240,255,256,257,320,384,385,512};
 float*A=malloc(4*M*512),*B=malloc(4*N*512),*b=malloc(4*N),*C1=malloc(4*M*N),*C2=malloc(4*M*N); srand(3);
 for(int i=0;i<M*512;i++)A[i]=(rand()%20001-10000)/5000.f; for(int i=0;i<N*512;i++)B[i]=(rand()%20001-10000)/90000.f;
 for(int i=0;i<N;i++)b[i]=(rand()%20001-10000)/9000.f;
 printf("%-12s",openblas_get_corename());
 for(int q=0;q<15;q++){int K=Ks[q];
  cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasTrans,M,N,K,1,A,K,B,K,0,C1,N); for(int r=0;r<M;r++)for(int j=0;j<N;j++)C1[r*N+j]+=b[j];
  for(int r=0;r<M;r++)memcpy(C2+r*N,b,4*N); cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasTrans,M,N,K,1,A,K,B,K,1,C2,N);
  printf(" %d:%s",K,memcmp(C1,C2,4*M*N)?"x":"=");}
 printf("\n"); return 0;}
