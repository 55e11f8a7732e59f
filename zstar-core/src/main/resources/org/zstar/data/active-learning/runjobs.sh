#!/bin/bash
# run pw.x in every job folder of $1, two at a time
cd "$1"
ls -d [0-9][0-9][0-9][0-9] | xargs -P 2 -I{} bash -c 'cd {} && [ -f pw.out ] && grep -q "JOB DONE" pw.out || (OMP_NUM_THREADS=1 pw.x -in pw.in > pw.out 2> pw.err; rm -rf tmp)'
