#!/bin/sh
# torch_nets.sh - the networks trained on a data set against PyTorch
# float64 (verify/torch_nets.py: the losses before each step, the
# parameters after the last and the held-out loss and accuracy of
# softmax, mlp and charlm models under momentum SGD, AdamW and RMSProp, on
# the full batch and in mini-batches of the order [MB1] gives), with the
# first python3 that imports torch and numpy (Debian: apt-get install
# python3-torch).  Skipped (exit 77) where there is none.  The data
# folders are those configure found (make check sets them), else Debian's.
set -u
FANOS=${FANOS:-$(pwd)/src/fanos}
for py in python3 /usr/bin/python3; do
    if "$py" -c 'import torch, numpy' 2>/dev/null; then
        exec "$py" "${srcdir:-.}/verify/torch_nets.py" "$FANOS" \
            --fashion "${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}" \
            --fortunes "${FORTUNES_DIR:-/usr/share/games/fortunes}"
    fi
done
echo "no python3 with PyTorch and numpy (Debian: apt-get install python3-torch): skipped"
exit 77
