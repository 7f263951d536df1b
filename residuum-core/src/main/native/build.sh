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
mkdir -p "$(dirname "$out")"
g++ -O2 -std=c++14 -shared -fPIC -fopenmp -Wall -I"$jdk/include" -I"$jdk/include/linux" "$src" -o "$out.tmp" -ldnnl
mv "$out.tmp" "$out"
echo "residuum: built $out"
