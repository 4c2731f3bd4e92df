// Preloaded (`node --import`) into a measured process when /usr/bin/time is missing: writes the
// process's own resource usage (CPU time, peak RSS) to $SPECGEN_BENCH_RUSAGE as it exits.
import { writeFileSync } from 'node:fs';

const target = process.env.SPECGEN_BENCH_RUSAGE;
// Node processes this one starts would otherwise write over the report.
delete process.env.SPECGEN_BENCH_RUSAGE;
if (target) process.on('exit', () => writeFileSync(target, JSON.stringify(process.resourceUsage())));
