// JNI binding of oneDNN's convolution primitives for dev.residuum.kernel.Dnnl.
//
// One handle per convolution shape (batch included): the forward, backward-data and
// backward-weights primitives oneDNN picks for its own (blocked) layouts, memories in those
// layouts, and the reorders between them and Residuum's plain NCHW / OIHW float arrays. A call
// pins the Java arrays (no copy), reorders in, runs the primitive and reorders out; the
// reorder out adds into the destination where the caller accumulates gradients. A forward-only
// stride-1 handle may run Winograd's F(4x4, 3x3) instead of the direct kernels (Dnnl.winograd in
// Java decides); it keeps its transformed weights and reorders them again only when they change.
// A forward may also take and give arrays already in its own layouts (forwardBlocked), so that a
// chain of layers in inference reorders neither in nor out between them.
//
// It also exposes oneDNN's sgemm (dnnl_sgemm, row-major) for the small matrix products of
// dev.residuum.kernel.Gemm: on one thread, pinning the arrays as the convolutions do.
//
// Built by build.sh when g++ and oneDNN's headers (Debian: libdnnl-dev) are present; oneDNN 2.x
// API (Debian bookworm ships 2.6.3, the library PyTorch uses there).
#include <jni.h>
#include <omp.h>

#include <dnnl.hpp>
#ifdef RESIDUUM_XSMM
#include <libxsmm.h>
#endif
#include <cstring>
#include <string>
#include <vector>

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

struct Conv {
    engine eng{engine::kind::cpu, 0};
    stream st{eng};
    // plain user memories; their data handles are set per call
    memory x, w, y, dy, dx, dw;
    // forward
    convolution_forward fwd;
    memory fx, fw, fy;
    reorder toFx, toFw, fromFy;
    // Winograd forward (inference, stride 1): its weights transform costs as much as several
    // calls, so fw is kept and reordered again only when the plain weights differ, bit for bit,
    // from the ones it was made from (fwSource)
    bool keepWeights = false;
    bool fwMade = false;
    std::vector<float> fwSource;
    // the forward's input and output bound straight to arrays already in its layouts
    // (Dnnl.forwardBlocked): no reorder in or out
    memory bx, by;
    // backward data
    convolution_backward_data bwdData;
    memory bdy, bw, bdx;
    reorder toBdy, toBw, fromBdx, addBdx;
    // backward weights
    convolution_backward_weights bwdWeights;
    memory wx, wdy, wdw;
    reorder toWx, toWdy, addWdw;
};

memory plain(const memory::desc& d, const engine& eng) {
    return memory(d, eng, DNNL_MEMORY_NONE);
}

reorder makeReorder(const memory& from, const memory& to, bool add) {
    primitive_attr attr;
    if (add) {
        post_ops ops;
        ops.append_sum(1.f);
        attr.set_post_ops(ops);
    }
    return reorder(reorder::primitive_desc(from, to, attr));
}

void throwJava(JNIEnv* env, const std::string& message) {
    jclass cls = env->FindClass("java/lang/IllegalStateException");
    if (cls != nullptr) {
        env->ThrowNew(cls, message.c_str());
    }
}

// Pins a float[] for the duration of a call.
struct Pinned {
    JNIEnv* env;
    jfloatArray array;
    float* data;
    Pinned(JNIEnv* e, jfloatArray a) : env(e), array(a), data(nullptr) {
        if (a != nullptr) {
            data = static_cast<float*>(env->GetPrimitiveArrayCritical(a, nullptr));
        }
    }
    ~Pinned() {
        if (data != nullptr) {
            env->ReleasePrimitiveArrayCritical(array, data, 0);
        }
    }
};

// One array of a pass: the Java array and the offset (in floats) where its data starts, the plain
// user memory bound to it, the memory in the primitive's own layout, the reorder between the two
// (into the primitive's layout for an input, out of it, copying or adding, for the result), and
// the argument it is to the primitive.
// Without a reorder (move null), `plain` is bound to the array and is the primitive's argument
// itself: the array is in the primitive's layout already.
struct Operand {
    jfloatArray array;
    jint offset;
    memory& plain;
    memory& own;
    reorder* move;
    int arg;

    memory& argument() { return move != nullptr ? own : plain; }
};

// Whether `w` are the weights a handle that keeps its reordered weights (Conv::keepWeights) last
// reordered, bit for bit.
bool sameWeights(const Conv* cv, const float* w) {
    return cv->fwMade && std::memcmp(cv->fwSource.data(), w, cv->fwSource.size() * sizeof(float)) == 0;
}

// One call: pins the three arrays (no copy), reorders the two inputs into the primitive's
// layouts (the weights of a handle that keeps them only when they changed), runs it on one
// OpenMP thread and reorders its result out; a oneDNN error becomes an IllegalStateException
// whose message starts with `what`.
void runPass(JNIEnv* env, Conv* cv, const char* what, const primitive& p, Operand a, Operand b, Operand out) {
    omp_set_num_threads(1);
    try {
        Pinned pa(env, a.array), pb(env, b.array), pout(env, out.array);
        a.plain.set_data_handle(pa.data + a.offset);
        b.plain.set_data_handle(pb.data + b.offset);
        out.plain.set_data_handle(pout.data + out.offset);
        if (a.move != nullptr) {
            a.move->execute(cv->st, a.plain, a.own);
        }
        const float* w = pb.data + b.offset;
        bool keep = cv->keepWeights && &b.own == &cv->fw;
        if (!keep || !sameWeights(cv, w)) {
            b.move->execute(cv->st, b.plain, b.own);
            if (keep) {
                std::memcpy(cv->fwSource.data(), w, cv->fwSource.size() * sizeof(float));
                cv->fwMade = true;
            }
        }
        p.execute(cv->st, {{a.arg, a.argument()}, {b.arg, b.own}, {out.arg, out.argument()}});
        if (out.move != nullptr) {
            out.move->execute(cv->st, out.own, out.plain);
        }
        cv->st.wait();
    } catch (const dnnl::error& e) {
        throwJava(env, std::string(what) + e.what());
    }
}

// Winograd's F(4x4, 3x3) for a stride-1 forward without a backward pass, when oneDNN has it for
// this shape and ISA (AVX-512: 1.1-2x faster than the direct kernels on CIFAR ResNet layers here,
// once its weights are transformed); otherwise nothing (the caller takes the direct kernels).
bool winogradInference(Conv* cv, const memory::desc& xAny, const memory::desc& wAny, const memory::desc& yAny,
                       const memory::dims& strides, const memory::dims& pads) {
    try {
        auto fd = convolution_forward::desc(prop_kind::forward_inference, algorithm::convolution_winograd, xAny, wAny,
                                            yAny, strides, pads, pads);
        auto fpd = convolution_forward::primitive_desc(fd, cv->eng);
        cv->fwd = convolution_forward(fpd);
        cv->fx = memory(fpd.src_desc(), cv->eng);
        cv->fw = memory(fpd.weights_desc(), cv->eng);
        cv->fy = memory(fpd.dst_desc(), cv->eng);
        return true;
    } catch (const dnnl::error&) {
        return false;
    }
}

}  // namespace

extern "C" {

JNIEXPORT jstring JNICALL Java_dev_residuum_kernel_Dnnl_version(JNIEnv* env, jclass) {
    const dnnl_version_t* v = dnnl_version();
    std::string s = "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                    std::to_string(v->patch) + " (" + (v->cpu_runtime == DNNL_RUNTIME_OMP ? "OpenMP" : "other") +
                    " runtime)";
    return env->NewStringUTF(s.c_str());
}

JNIEXPORT jlong JNICALL Java_dev_residuum_kernel_Dnnl_create(JNIEnv* env, jclass, jint n, jint c, jint h, jint w,
                                                            jint o, jint k, jint stride, jint pad,
                                                            jboolean training, jboolean winograd) {
    // oneDNN sizes a primitive's work split (and so its order of summation) by the thread count
    // in force when the primitive is created: always one, as in every call, so that results do
    // not depend on what ran before on this thread
    omp_set_num_threads(1);
    try {
        Conv* cv = new Conv();
        int ho = (h + 2 * pad - k) / stride + 1, wo = (w + 2 * pad - k) / stride + 1;
        memory::dims xd = {n, c, h, w}, wd = {o, c, k, k}, yd = {n, o, ho, wo};
        memory::dims strides = {stride, stride}, pads = {pad, pad};
        memory::desc xPlain(xd, dt::f32, tag::nchw), wPlain(wd, dt::f32, tag::oihw), yPlain(yd, dt::f32, tag::nchw);
        memory::desc xAny(xd, dt::f32, tag::any), wAny(wd, dt::f32, tag::any), yAny(yd, dt::f32, tag::any);
        engine& eng = cv->eng;
        cv->x = plain(xPlain, eng);
        cv->w = plain(wPlain, eng);
        cv->y = plain(yPlain, eng);
        cv->dy = plain(yPlain, eng);
        cv->dx = plain(xPlain, eng);
        cv->dw = plain(wPlain, eng);

        convolution_forward::primitive_desc fpd;
        cv->keepWeights = winograd && !training && winogradInference(cv, xAny, wAny, yAny, strides, pads);
        if (cv->keepWeights) {
            cv->fwSource.resize(static_cast<size_t>(o) * c * k * k);
        } else {
            // forward_training also for inference: oneDNN 2.6 picks its BRGEMM kernels for
            // forward_inference on these shapes, measured 10-30% slower here than the direct JIT ones
            auto fd = convolution_forward::desc(prop_kind::forward_training, algorithm::convolution_direct, xAny,
                                                wAny, yAny, strides, pads, pads);
            fpd = convolution_forward::primitive_desc(fd, eng);
            cv->fwd = convolution_forward(fpd);
            cv->fx = memory(fpd.src_desc(), eng);
            cv->fw = memory(fpd.weights_desc(), eng);
            cv->fy = memory(fpd.dst_desc(), eng);
        }
        cv->bx = plain(cv->fx.get_desc(), eng);
        cv->by = plain(cv->fy.get_desc(), eng);
        cv->toFx = makeReorder(cv->x, cv->fx, false);
        cv->toFw = makeReorder(cv->w, cv->fw, false);
        cv->fromFy = makeReorder(cv->fy, cv->y, false);
        if (training) {
            auto bdd = convolution_backward_data::desc(algorithm::convolution_direct, xAny, wAny, yAny, strides, pads,
                                                       pads);
            auto bdpd = convolution_backward_data::primitive_desc(bdd, eng, fpd);
            cv->bwdData = convolution_backward_data(bdpd);
            cv->bdy = memory(bdpd.diff_dst_desc(), eng);
            cv->bw = memory(bdpd.weights_desc(), eng);
            cv->bdx = memory(bdpd.diff_src_desc(), eng);
            cv->toBdy = makeReorder(cv->dy, cv->bdy, false);
            cv->toBw = makeReorder(cv->w, cv->bw, false);
            cv->fromBdx = makeReorder(cv->bdx, cv->dx, false);
            cv->addBdx = makeReorder(cv->bdx, cv->dx, true);
            auto bwd = convolution_backward_weights::desc(algorithm::convolution_direct, xAny, wAny, yAny, strides,
                                                          pads, pads);
            auto bwpd = convolution_backward_weights::primitive_desc(bwd, eng, fpd);
            cv->bwdWeights = convolution_backward_weights(bwpd);
            cv->wx = memory(bwpd.src_desc(), eng);
            cv->wdy = memory(bwpd.diff_dst_desc(), eng);
            cv->wdw = memory(bwpd.diff_weights_desc(), eng);
            cv->toWx = makeReorder(cv->x, cv->wx, false);
            cv->toWdy = makeReorder(cv->dy, cv->wdy, false);
            cv->addWdw = makeReorder(cv->wdw, cv->dw, true);
        }
        return reinterpret_cast<jlong>(cv);
    } catch (const dnnl::error& e) {
        throwJava(env, std::string("oneDNN: cannot create the convolution: ") + e.what());
    } catch (const std::exception& e) {
        throwJava(env, std::string("oneDNN: ") + e.what());
    }
    return 0;
}

JNIEXPORT void JNICALL Java_dev_residuum_kernel_Dnnl_forward(JNIEnv* env, jclass, jlong handle, jfloatArray x,
                                                            jint xOff, jfloatArray w, jfloatArray y, jint yOff) {
    Conv* cv = reinterpret_cast<Conv*>(handle);
    runPass(env, cv, "oneDNN forward: ", cv->fwd, {x, xOff, cv->x, cv->fx, &cv->toFx, DNNL_ARG_SRC},
            {w, 0, cv->w, cv->fw, &cv->toFw, DNNL_ARG_WEIGHTS}, {y, yOff, cv->y, cv->fy, &cv->fromFy, DNNL_ARG_DST});
}

// The forward on arrays already in the primitive's own layouts (Dnnl.layouts says which): the
// weights are reordered as in forward, the input and output are not.
JNIEXPORT void JNICALL Java_dev_residuum_kernel_Dnnl_forwardBlocked(JNIEnv* env, jclass, jlong handle, jfloatArray x,
                                                                   jint xOff, jfloatArray w, jfloatArray y, jint yOff) {
    Conv* cv = reinterpret_cast<Conv*>(handle);
    runPass(env, cv, "oneDNN forward (blocked): ", cv->fwd, {x, xOff, cv->bx, cv->fx, nullptr, DNNL_ARG_SRC},
            {w, 0, cv->w, cv->fw, &cv->toFw, DNNL_ARG_WEIGHTS}, {y, yOff, cv->by, cv->fy, nullptr, DNNL_ARG_DST});
}

// The forward's input and output layouts, `input | output << 8`, each 1 for plain NCHW, B for
// oneDNN's aBcdBb (channels in blocks of B innermost: [N][C/B][H][W][B], no padding), 0 for any
// other layout.
JNIEXPORT jint JNICALL Java_dev_residuum_kernel_Dnnl_layouts(JNIEnv*, jclass, jlong handle) {
    Conv* cv = reinterpret_cast<Conv*>(handle);
    auto blockOf = [](const memory::desc& d) {
        memory::dims dims = d.dims();
        if (d == memory::desc(dims, dt::f32, tag::nchw)) return 1;
        if (d == memory::desc(dims, dt::f32, tag::aBcd16b) && dims[1] % 16 == 0) return 16;
        if (d == memory::desc(dims, dt::f32, tag::aBcd8b) && dims[1] % 8 == 0) return 8;
        return 0;
    };
    return blockOf(cv->fx.get_desc()) | blockOf(cv->fy.get_desc()) << 8;
}

JNIEXPORT void JNICALL Java_dev_residuum_kernel_Dnnl_backwardData(JNIEnv* env, jclass, jlong handle,
                                                                 jfloatArray dy, jint dyOff, jfloatArray w,
                                                                 jfloatArray dx, jint dxOff, jboolean accumulate) {
    Conv* cv = reinterpret_cast<Conv*>(handle);
    runPass(env, cv, "oneDNN backward (data): ", cv->bwdData, {dy, dyOff, cv->dy, cv->bdy, &cv->toBdy, DNNL_ARG_DIFF_DST},
            {w, 0, cv->w, cv->bw, &cv->toBw, DNNL_ARG_WEIGHTS},
            {dx, dxOff, cv->dx, cv->bdx, accumulate ? &cv->addBdx : &cv->fromBdx, DNNL_ARG_DIFF_SRC});
}

JNIEXPORT void JNICALL Java_dev_residuum_kernel_Dnnl_backwardWeights(JNIEnv* env, jclass, jlong handle,
                                                                    jfloatArray x, jint xOff, jfloatArray dy,
                                                                    jint dyOff, jfloatArray dw, jint dwOff) {
    Conv* cv = reinterpret_cast<Conv*>(handle);
    runPass(env, cv, "oneDNN backward (weights): ", cv->bwdWeights, {x, xOff, cv->x, cv->wx, &cv->toWx, DNNL_ARG_SRC},
            {dy, dyOff, cv->dy, cv->wdy, &cv->toWdy, DNNL_ARG_DIFF_DST},
            {dw, dwOff, cv->dw, cv->wdw, &cv->addWdw, DNNL_ARG_DIFF_WEIGHTS});
}

// C = alpha op(A) op(B) + beta C on row-major arrays at offsets with leading dimensions, on the
// calling thread alone (Residuum splits larger products over its own workers).
JNIEXPORT void JNICALL Java_dev_residuum_kernel_Dnnl_sgemm(JNIEnv* env, jclass, jboolean transA, jboolean transB,
                                                          jint m, jint n, jint k, jfloat alpha, jfloatArray a,
                                                          jint offA, jint lda, jfloatArray b, jint offB, jint ldb,
                                                          jfloat beta, jfloatArray c, jint offC, jint ldc) {
    omp_set_num_threads(1);
    dnnl_status_t status;
    {
        Pinned pa(env, a), pb(env, b), pc(env, c);
        status = dnnl_sgemm(transA ? 'T' : 'N', transB ? 'T' : 'N', m, n, k, alpha, pa.data + offA, lda,
                            pb.data + offB, ldb, beta, pc.data + offC, ldc);
    }
    if (status != dnnl_success) {
        throwJava(env, "oneDNN sgemm: status " + std::to_string(static_cast<int>(status)) + " for " +
                           std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k));
    }
}

// LIBXSMM's just-in-time kernels for the small products (libxsmm_smmdispatch, column-major, no
// packing of the operands), when the binding is built against it (Debian: libxsmm-dev, linked
// statically). Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T: the operands are
// swapped, a transposed A becomes LIBXSMM's TRANS_B. Its kernels have no TRANS_A, so a transposed B
// is first transposed into a per-thread scratch (libxsmm_otrans). They take alpha 1 and beta 0 or
// 1 only: another alpha with beta 0 scales C afterwards; any other alpha and beta go to oneDNN.
JNIEXPORT jboolean JNICALL Java_dev_residuum_kernel_Dnnl_xsmmAvailable(JNIEnv*, jclass) {
#ifdef RESIDUUM_XSMM
    libxsmm_init();
    return libxsmm_get_target_archid() >= LIBXSMM_X86_AVX2 ? JNI_TRUE : JNI_FALSE;
#else
    return JNI_FALSE;
#endif
}

JNIEXPORT void JNICALL Java_dev_residuum_kernel_Dnnl_xsmm(JNIEnv* env, jclass, jboolean transA, jboolean transB,
                                                         jint m, jint n, jint k, jfloat alpha, jfloatArray a,
                                                         jint offA, jint lda, jfloatArray b, jint offB, jint ldb,
                                                         jfloat beta, jfloatArray c, jint offC, jint ldc) {
#ifdef RESIDUUM_XSMM
    bool takes = beta == 0.f || (beta == 1.f && alpha == 1.f);
    thread_local std::vector<float> transposed;
    if (takes && transB) {
        transposed.resize(static_cast<size_t>(k) * n);
    }
    int flags = transA ? LIBXSMM_GEMM_FLAG_TRANS_B : 0;
    libxsmm_blasint ldbT = transB ? n : ldb, ldaT = lda, ldcT = ldc;
    float one = 1.f, kernelBeta = beta == 0.f ? 0.f : 1.f;
    libxsmm_smmfunction kernel =
            takes ? libxsmm_smmdispatch(n, m, k, &ldbT, &ldaT, &ldcT, &one, &kernelBeta, &flags, nullptr) : nullptr;
    if (kernel != nullptr) {
        Pinned pa(env, a), pb(env, b), pc(env, c);
        const float* bData = pb.data + offB;
        if (transB) { // B is [n, k] at ldb: write B^T, [k, n] at n
            libxsmm_otrans(transposed.data(), bData, sizeof(float), k, n, ldb, n);
            bData = transposed.data();
        }
        float* cData = pc.data + offC;
        kernel(bData, pa.data + offA, cData);
        if (alpha != 1.f) { // beta is 0 here
            for (jint i = 0; i < m; i++) {
                float* row = cData + static_cast<size_t>(i) * ldc;
                for (jint j = 0; j < n; j++) {
                    row[j] *= alpha;
                }
            }
        }
        return;
    }
#endif
    Java_dev_residuum_kernel_Dnnl_sgemm(env, nullptr, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta,
                                        c, offC, ldc);
}

JNIEXPORT void JNICALL Java_dev_residuum_kernel_Dnnl_destroy(JNIEnv*, jclass, jlong handle) {
    // the primitives, their blocked-layout memories and the reorders: everything create() made
    delete reinterpret_cast<Conv*>(handle);
}

}  // extern "C"
