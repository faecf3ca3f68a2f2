// The end-to-end perf harness: produce N records to an embedded broker and consume them back, or (with --rate) measure
// end-to-end latency with a paced producer and a concurrent consumer; `eos-copy` measures the exactly-once copy loop.
// The engine and its options live in src/Streaming.Cli/Perf (`streaming perf` runs the same code); this is its bench entry.
// Run it in Release:
//   dotnet run -c Release --project bench/Streaming.Perf -- --records 10000000 --partitions 6 --acks 1
//   dotnet run -c Release --project bench/Streaming.Perf -- --acks all --transactional --transaction-ms 100
//   dotnet run -c Release --project bench/Streaming.Perf -- eos-copy --records 5000000 --partitions 6 --commit-interval-ms 100
return Streaming.Perf.PerfHarnessCommand.Run(args);
