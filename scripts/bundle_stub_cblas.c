/* A plain reference implementation of the 22 CBLAS functions numpy's core calls
 * (numpy/_core/_multiarray_umath: dot, vdot, matmul, inner, einsum's BLAS paths), with the
 * ILP64 names of the OpenBLAS build numpy's wheels ship (scipy_cblas_*64_).
 *
 * scripts/bundle_stubs.py compiles it into the stub that replaces numpy's OpenBLAS
 * (24 MiB) in the desktop bundle; the app never multiplies float matrices, but these keep
 * every numpy operation working (slower on large matrices: no blocking, no threads). LAPACK
 * (numpy.linalg) is not implemented: its functions abort with a message, as every stub does.
 * Semantics follow the reference BLAS: beta == 0 overwrites the output without reading it,
 * negative increments walk the vector backwards, syrk updates only the named triangle.
 * tests/unit/test_bundle_stubs.py checks it against straightforward numpy loops and runs
 * numpy's own dot/matmul tests against it.
 */
#include <complex.h>
#include <stdint.h>

typedef int64_t blasint;

enum { RowMajor = 101, ColMajor = 102 };
enum { NoTrans = 111, Trans = 112, ConjTrans = 113, ConjNoTrans = 114 };
enum { Upper = 121, Lower = 122 };

#define EXPORT __attribute__((visibility("default")))
#define START(n, inc) ((inc) < 0 ? (1 - (n)) * (inc) : 0)

/* Element (i, j) of op(A) where op(A) has the shape the caller asks for. */
#define OPA(T, CONJ, A, order, trans, ld, i, j)                                             \
    ((order) == RowMajor                                                                    \
         ? (((trans) == NoTrans || (trans) == ConjNoTrans) ? CONJ((trans) == ConjNoTrans, A[(i) * (ld) + (j)]) \
                                                           : CONJ((trans) == ConjTrans, A[(j) * (ld) + (i)]))  \
         : (((trans) == NoTrans || (trans) == ConjNoTrans) ? CONJ((trans) == ConjNoTrans, A[(i) + (j) * (ld)]) \
                                                           : CONJ((trans) == ConjTrans, A[(j) + (i) * (ld)])))
#define CIDX(order, ld, i, j) ((order) == RowMajor ? (i) * (ld) + (j) : (i) + (j) * (ld))

#define NOCONJ(flag, x) (x)
#define FCONJ(flag, x) ((flag) ? conjf(x) : (x))
#define DCONJ(flag, x) ((flag) ? conj(x) : (x))

#define DEFINE_GEMM(NAME, T, CONJ, SCALAR_IN, LOAD)                                          \
    EXPORT void NAME(int order, int ta, int tb, blasint m, blasint n, blasint k,            \
                     SCALAR_IN alpha_in, const T *a, blasint lda, const T *b, blasint ldb,   \
                     SCALAR_IN beta_in, T *c, blasint ldc) {                                \
        T alpha = LOAD(alpha_in), beta = LOAD(beta_in);                                     \
        for (blasint i = 0; i < m; i++) {                                                   \
            for (blasint j = 0; j < n; j++) {                                               \
                T sum = 0;                                                                  \
                if (alpha != 0)                                                             \
                    for (blasint l = 0; l < k; l++)                                         \
                        sum += OPA(T, CONJ, a, order, ta, lda, i, l) *                      \
                               OPA(T, CONJ, b, order, tb, ldb, l, j);                       \
                T *out = &c[CIDX(order, ldc, i, j)];                                        \
                *out = (beta == 0 ? 0 : beta * *out) + alpha * sum;                         \
            }                                                                               \
        }                                                                                   \
    }

#define DEFINE_GEMV(NAME, T, CONJ, SCALAR_IN, LOAD)                                          \
    EXPORT void NAME(int order, int ta, blasint m, blasint n, SCALAR_IN alpha_in,           \
                     const T *a, blasint lda, const T *x, blasint incx, SCALAR_IN beta_in,   \
                     T *y, blasint incy) {                                                  \
        T alpha = LOAD(alpha_in), beta = LOAD(beta_in);                                     \
        int plain = (ta == NoTrans || ta == ConjNoTrans);                                   \
        blasint rows = plain ? m : n, cols = plain ? n : m;                                 \
        blasint x0 = START(cols, incx), y0 = START(rows, incy);                             \
        for (blasint i = 0; i < rows; i++) {                                                \
            T sum = 0;                                                                      \
            if (alpha != 0)                                                                 \
                for (blasint j = 0; j < cols; j++)                                          \
                    sum += OPA(T, CONJ, a, order, ta, lda, i, j) * x[x0 + j * incx];        \
            T *out = &y[y0 + i * incy];                                                     \
            *out = (beta == 0 ? 0 : beta * *out) + alpha * sum;                             \
        }                                                                                   \
    }

#define DEFINE_SYRK(NAME, T, SCALAR_IN, LOAD)                                                \
    EXPORT void NAME(int order, int uplo, int trans, blasint n, blasint k,                  \
                     SCALAR_IN alpha_in, const T *a, blasint lda, SCALAR_IN beta_in, T *c,  \
                     blasint ldc) {                                                         \
        T alpha = LOAD(alpha_in), beta = LOAD(beta_in);                                     \
        /* C = alpha op(A) op(A)^T + beta C, op(A) n x k; symmetric, never conjugated */    \
        int plain = (trans == NoTrans);                                                     \
        for (blasint i = 0; i < n; i++) {                                                   \
            blasint lo = uplo == Upper ? i : 0, hi = uplo == Upper ? n : i + 1;             \
            for (blasint j = lo; j < hi; j++) {                                             \
                T sum = 0;                                                                  \
                if (alpha != 0)                                                             \
                    for (blasint l = 0; l < k; l++)                                         \
                        sum += OPA(T, NOCONJ, a, order, plain ? NoTrans : Trans, lda, i, l) * \
                               OPA(T, NOCONJ, a, order, plain ? NoTrans : Trans, lda, j, l);  \
                T *out = &c[CIDX(order, ldc, i, j)];                                        \
                *out = (beta == 0 ? 0 : beta * *out) + alpha * sum;                         \
            }                                                                               \
        }                                                                                   \
    }

#define DEFINE_AXPY(NAME, T, SCALAR_IN, LOAD)                                                \
    EXPORT void NAME(blasint n, SCALAR_IN alpha_in, const T *x, blasint incx, T *y,         \
                     blasint incy) {                                                        \
        T alpha = LOAD(alpha_in);                                                           \
        blasint x0 = START(n, incx), y0 = START(n, incy);                                   \
        for (blasint i = 0; i < n; i++) y[y0 + i * incy] += alpha * x[x0 + i * incx];       \
    }

#define VALUE(x) (x)
#define FPTR(p) (*(const float complex *)(p))
#define DPTR(p) (*(const double complex *)(p))

DEFINE_GEMM(scipy_cblas_sgemm64_, float, NOCONJ, float, VALUE)
DEFINE_GEMM(scipy_cblas_dgemm64_, double, NOCONJ, double, VALUE)
DEFINE_GEMM(scipy_cblas_cgemm64_, float complex, FCONJ, const void *, FPTR)
DEFINE_GEMM(scipy_cblas_zgemm64_, double complex, DCONJ, const void *, DPTR)
DEFINE_GEMV(scipy_cblas_sgemv64_, float, NOCONJ, float, VALUE)
DEFINE_GEMV(scipy_cblas_dgemv64_, double, NOCONJ, double, VALUE)
DEFINE_GEMV(scipy_cblas_cgemv64_, float complex, FCONJ, const void *, FPTR)
DEFINE_GEMV(scipy_cblas_zgemv64_, double complex, DCONJ, const void *, DPTR)
DEFINE_SYRK(scipy_cblas_ssyrk64_, float, float, VALUE)
DEFINE_SYRK(scipy_cblas_dsyrk64_, double, double, VALUE)
DEFINE_SYRK(scipy_cblas_csyrk64_, float complex, const void *, FPTR)
DEFINE_SYRK(scipy_cblas_zsyrk64_, double complex, const void *, DPTR)
DEFINE_AXPY(scipy_cblas_saxpy64_, float, float, VALUE)
DEFINE_AXPY(scipy_cblas_daxpy64_, double, double, VALUE)
DEFINE_AXPY(scipy_cblas_caxpy64_, float complex, const void *, FPTR)
DEFINE_AXPY(scipy_cblas_zaxpy64_, double complex, const void *, DPTR)

EXPORT float scipy_cblas_sdot64_(blasint n, const float *x, blasint incx, const float *y,
                                 blasint incy) {
    /* accumulate in double, as OpenBLAS's kernels effectively do for accuracy */
    double sum = 0;
    blasint x0 = START(n, incx), y0 = START(n, incy);
    for (blasint i = 0; i < n; i++) sum += (double)x[x0 + i * incx] * y[y0 + i * incy];
    return (float)sum;
}

EXPORT double scipy_cblas_ddot64_(blasint n, const double *x, blasint incx, const double *y,
                                  blasint incy) {
    double sum = 0;
    blasint x0 = START(n, incx), y0 = START(n, incy);
    for (blasint i = 0; i < n; i++) sum += x[x0 + i * incx] * y[y0 + i * incy];
    return sum;
}

#define DEFINE_DOT_SUB(NAME, T, CONJ_X)                                                      \
    EXPORT void NAME(blasint n, const void *xv, blasint incx, const void *yv, blasint incy, \
                     void *ret) {                                                           \
        const T *x = xv, *y = yv;                                                           \
        T sum = 0;                                                                          \
        blasint x0 = START(n, incx), y0 = START(n, incy);                                   \
        for (blasint i = 0; i < n; i++) sum += CONJ_X(x[x0 + i * incx]) * y[y0 + i * incy]; \
        *(T *)ret = sum;                                                                    \
    }

DEFINE_DOT_SUB(scipy_cblas_cdotu_sub64_, float complex, VALUE)
DEFINE_DOT_SUB(scipy_cblas_zdotu_sub64_, double complex, VALUE)
DEFINE_DOT_SUB(scipy_cblas_cdotc_sub64_, float complex, conjf)
DEFINE_DOT_SUB(scipy_cblas_zdotc_sub64_, double complex, conj)
