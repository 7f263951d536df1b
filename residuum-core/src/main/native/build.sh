#!/bin/sh
# Builds the oneDNN binding (libresiduum_dnnl.so) into the given classes folder when a C++
# compiler and oneDNN's headers are present (Debian: g++, libdnnl-dev); otherwise says so and
# stops without error: Residuum then runs its own convolution kernels.
#   build.sh CLASSES_DIR JAVA_HOME
set -eu
out="$1/dev/residuum/kernel/native/libresiduum_dnnl.so"
jdk="$2"
src="$(dirname "$0")/dnnl_convolution.cpp"
if ! command -v g++ >/dev/null 2>&1 || [ ! -f /usr/include/oneapi/dnnl/dnnl.hpp ]; then
  echo "residuum: oneDNN binding not built (needs g++ and oneDNN's headers: apt-get install g++ libdnnl-dev)"
  exit 0
fi
if [ -f "$out" ] && [ "$out" -nt "$src" ] && [ "$out" -nt "$0" ]; then
  exit 0
fi
# LIBXSMM (Debian: libxsmm-dev, static libraries only) for the small matrix products, when present;
# linked in with its symbols kept local, so that nothing of it (its BLAS stand-ins included) is
# seen outside the binding.
xsmm=""
if [ -f /usr/include/libxsmm.h ] && [ -f /usr/lib/libxsmm.a ] && [ -f /usr/lib/libxsmmnoblas.a ]; then
  xsmm="-DRESIDUUM_XSMM"
  xsmm_libs="-Wl,--exclude-libs,ALL /usr/lib/libxsmm.a /usr/lib/libxsmmnoblas.a -lpthread -ldl -lm"
else
  echo "residuum: oneDNN binding built without LIBXSMM (small products on oneDNN's sgemm; apt-get install libxsmm-dev for it)"
  xsmm_libs=""
fi
mkdir -p "$(dirname "$out")"
# shellcheck disable=SC2086 # the flags are lists of words
g++ -O2 -std=c++14 -shared -fPIC -fopenmp -Wall $xsmm -I"$jdk/include" -I"$jdk/include/linux" "$src" -o "$out.tmp" \
  -ldnnl $xsmm_libs
mv "$out.tmp" "$out"
echo "residuum: built $out"
