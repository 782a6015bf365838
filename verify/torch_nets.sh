#!/bin/sh
# torch_nets.sh - the networks trained on a data set against PyTorch
# float64 (verify/torch_nets.py: the losses, the parameters after 15 steps
# of momentum SGD on the full batch, and the held-out loss and accuracy of
# softmax, an mlp and two charlm models), with the first python3 that
# imports torch and numpy (Debian: apt-get install python3-torch).  Skipped
# (exit 77) where there is none.
set -u
FANOS=${FANOS:-$(pwd)/src/fanos}
for py in python3 /usr/bin/python3; do
    if "$py" -c 'import torch, numpy' 2>/dev/null; then
        exec "$py" "${srcdir:-.}/verify/torch_nets.py" "$FANOS" \
            --fashion "$FASHION_MNIST_DIR" --fortunes "$FORTUNES_DIR"
    fi
done
echo "no python3 with PyTorch and numpy (Debian: apt-get install python3-torch): skipped"
exit 77
