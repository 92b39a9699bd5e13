#!/usr/bin/env bash
# Prepares the folder gpu_run.sh needs on a GPU machine that has PyTorch but no
# espeak-ng, sox or network: the Debian programs with their shared libraries (not libc),
# the espeak-ng data (Latvian dictionary only), and the training text.
# Usage: scripts/train/gpu_bundle.sh TEXT_DIR BUNDLE   (TEXT_DIR from make_text.py)
set -euo pipefail
text=$1
bundle=$2
rm -rf "$bundle"
mkdir -p "$bundle/bin" "$bundle/lib" "$bundle/share/espeak-ng-data" "$bundle/text"
for prog in espeak-ng sox; do
  cp "$(command -v $prog)" "$bundle/bin/"
  for lib in $(ldd "$(command -v $prog)" | awk '/=>/ { print $3 }'); do
    case $(basename "$lib") in libc.so*|libm.so*|libpthread.so*|libdl.so*|librt.so*) ;;
      *) cp -L -n "$lib" "$bundle/lib/" ;; esac
  done
done
data=/usr/lib/x86_64-linux-gnu/espeak-ng-data
for f in "$data"/*; do
  case $(basename "$f") in *_dict) ;; *) cp -r "$f" "$bundle/share/espeak-ng-data/" ;; esac
done
cp "$data/lv_dict" "$bundle/share/espeak-ng-data/"
cp "$text/train.txt" "$text/test.txt" "$bundle/text/"
# The bundle must run with nothing but itself and libc.
env -i LD_LIBRARY_PATH="$bundle/lib" ESPEAK_DATA_PATH="$bundle/share" "$bundle/bin/espeak-ng" -v lv --stdout "pārbaude" \
  | env -i LD_LIBRARY_PATH="$bundle/lib" "$bundle/bin/sox" -q -t wav - -t raw -r 16000 -e signed -b 16 -c 1 - | wc -c
du -sh "$bundle"
