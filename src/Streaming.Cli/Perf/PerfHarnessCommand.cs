using System.CommandLine;
using Streaming.Cli.Internal;

namespace Streaming.Perf;

/// <summary>
/// bench/Streaming.Perf's command line: the harness run (in process by default, --bootstrap-server for the wire), the
/// rebalance run, `eos-copy` and `serve`. `streaming perf` runs the same engine with the same options.
/// </summary>
internal static class PerfHarnessCommand
{
    public static int Run(string[] args)
    {
        var parse = CreateRoot().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine(error.Message);
            return ExitCodes.BadArguments;
        }
        using var shutdown = new ShutdownSignal();
        try
        {
            return parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, shutdown.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            var (message, code) = ErrorReport.Describe(ex);
            Console.Error.WriteLine(message);
            return code;
        }
    }

    private static RootCommand CreateRoot()
    {
        var set = new PerfOptionSet();
        var rebalanceMembers = new Option<int?>("--rebalance-members") { Description = "Rebalance run: a cooperative-sticky group of this many members; time until it settles after one more joins (5 trials)" };
        rebalanceMembers.Check(v => v is < 1 or > 256 ? "--rebalance-members must be between 1 and 256" : null);
        var bootstrapServers = new Option<string?>("--bootstrap-server") { Description = "Run over the wire: Confluent.Kafka clients (the Kafka transport) against this Kafka-protocol broker (e.g. one started with 'serve') instead of the embedded broker in this process" };
        var workload = new Option<string>("--workload") { Description = "produce-consume (default): the client throughput/latency run; streams-count: a Streams count over --keys keys (RocksDB, no repartition) and a changelog restore; streams-windowed-count: the same count in 1-minute tumbling windows over ten minutes of event time; streams-join: a stream-table join over --keys table keys; streams-failover: a count with one standby, timing a failover", DefaultValueFactory = _ => "produce-consume" };
        workload.AcceptOnlyFromAmong("produce-consume", "streams-count", "streams-windowed-count", "streams-join", "streams-failover");
        var keys = new Option<int>("--keys") { Description = "streams-count: distinct keys of the input", DefaultValueFactory = _ => 10_000 };
        keys.Check(v => v is < 1 ? $"--keys must be at least 1, got {v}" : null);
        var guarantee = new Option<string>("--guarantee") { Description = "streams-count: processing.guarantee, at_least_once or exactly_once_v2", DefaultValueFactory = _ => "at_least_once" };
        guarantee.AcceptOnlyFromAmong("at_least_once", "exactly_once_v2");
        var threads = new Option<int>("--threads") { Description = "streams-count: num.stream.threads", DefaultValueFactory = _ => 1 };
        threads.Check(v => v is < 1 or > 64 ? $"--threads must be between 1 and 64, got {v}" : null);
        var restoreKeys = new Option<int>("--restore-keys") { Description = "streams-count: distinct keys of the changelog restored in the restore phase (0: skip it)", DefaultValueFactory = _ => 1_000_000 };
        restoreKeys.Check(v => v is < 0 ? $"--restore-keys must not be negative, got {v}" : null);
        var root = new RootCommand("Streaming perf harness: produce/consume throughput and end-to-end latency on the embedded broker; --workload streams-count for stream processing")
        {
            rebalanceMembers, bootstrapServers, workload, keys, guarantee, threads, restoreKeys,
        };
        set.AddTo(root, latency: true, skipConsume: true);
        root.Add(EosCopyCommand(set.DataDir, set.Json));
        root.Add(ServeCommand(set.DataDir));
        root.SetAction(parse =>
        {
            if (parse.GetValue(workload) is { } w && w.StartsWith("streams-", StringComparison.Ordinal))
            {
                var options = new StreamsCountOptions
                {
                    Workload = w,
                    Records = parse.GetValue(set.Records) ?? 5_000_000,
                    Keys = parse.GetValue(keys),
                    RecordSize = parse.GetValue(set.RecordSize),
                    Partitions = parse.GetValue(set.Partitions),
                    Threads = parse.GetValue(threads),
                    Guarantee = Streaming.Streams.ProcessingGuarantees.Parse(parse.GetValue(guarantee)!),
                    RestoreKeys = parse.GetValue(restoreKeys),
                    DataDirectory = parse.GetValue(set.DataDir),
                    Json = parse.GetValue(set.Json),
                };
                var result = new StreamsCountRun(options, Console.Out).Run();
                if (options.Json)
                {
                    using var stdout = Console.OpenStandardOutput();
                    result.WriteJson(stdout);
                }
                return 0;
            }
            if (parse.GetValue(rebalanceMembers) is { } settleMembers)
                return RebalanceRun.Run(settleMembers, parse.GetValue(set.Partitions), parse.GetValue(set.Json));
            return PerfOptionSet.Run(set.Build(parse, defaultRecords: 10_000_000, parse.GetValue(bootstrapServers), latency: true, skipConsume: null));
        });
        return root;
    }

    private static Command EosCopyCommand(Option<string?> dataDir, Option<bool> json)
    {
        // eos-copy's own options: the same names, with its defaults and descriptions.
        var copyRecords = new Option<long>("--records") { Description = "Records in the input topic, all copied", DefaultValueFactory = _ => 5_000_000 };
        var copyRecordSize = new Option<int>("--record-size") { Description = "Value size in bytes (8-byte keys)", DefaultValueFactory = _ => 100 };
        var copyPartitions = new Option<int>("--partitions") { Description = "Partitions of the input and of the output topic", DefaultValueFactory = _ => 6 };
        var copyLinger = new Option<int?>("--linger-ms") { Description = "linger.ms of the processor's producer (default: the producer's, 5)" };
        var copyBatchSize = new Option<int?>("--batch-size") { Description = "batch.size of the processor's producer (default: the producer's, 16384)" };
        var commitInterval = new Option<int>("--commit-interval-ms") { Description = "The processor's commit interval (one transaction per interval)", DefaultValueFactory = _ => 100 };
        copyRecords.Check(v => v < 1 ? $"--records must be at least 1, got {v}" : null);
        copyRecordSize.Check(v => v is < 8 or > 1_000_000 ? $"--record-size must be between 8 and 1000000 bytes, got {v}" : null);
        copyPartitions.Check(v => v is < 1 or > 10_000 ? $"--partitions must be between 1 and 10000, got {v}" : null);
        copyLinger.Check(v => v is < 0 ? $"--linger-ms must not be negative, got {v}" : null);
        copyBatchSize.Check(v => v is < 1 ? $"--batch-size must be at least 1, got {v}" : null);
        commitInterval.Check(v => v is < 1 or > 60_000 ? $"--commit-interval-ms must be between 1 and 60000, got {v}" : null);
        var eosCopy = new Command("eos-copy", "Exactly-once copy loop: an ExactlyOnceProcessor copies a pre-filled topic to another (same partition count), one transaction per commit interval; measures records/s from start until the group's committed offsets reach the input's end")
        {
            copyRecords, copyRecordSize, copyPartitions, copyLinger, copyBatchSize, commitInterval, dataDir, json,
        };
        eosCopy.SetAction(parse =>
        {
            var options = new EosCopyOptions
            {
                Records = parse.GetValue(copyRecords),
                RecordSize = parse.GetValue(copyRecordSize),
                Partitions = parse.GetValue(copyPartitions),
                LingerMs = parse.GetValue(copyLinger),
                BatchSize = parse.GetValue(copyBatchSize),
                CommitInterval = TimeSpan.FromMilliseconds(parse.GetValue(commitInterval)),
                DataDirectory = parse.GetValue(dataDir),
                Json = parse.GetValue(json),
            };
            var result = new EosCopyRun(options, Console.Out).Run();
            if (options.Json)
            {
                using var stdout = Console.OpenStandardOutput();
                result.WriteJson(stdout);
            }
            return 0;
        });
        return eosCopy;
    }

    private static Command ServeCommand(Option<string?> dataDir)
    {
        var servePort = new Option<int>("--port") { Description = "Port of the Kafka listener on 127.0.0.1 (0: a free one)", DefaultValueFactory = _ => 0 };
        servePort.Check(v => v is < 0 or > 65535 ? $"--port must be between 0 and 65535, got {v}" : null);
        var servePartitions = new Option<int>("--partitions") { Description = "Partitions of auto-created topics", DefaultValueFactory = _ => 6 };
        servePartitions.Check(v => v is < 1 or > 10_000 ? $"--partitions must be between 1 and 10000, got {v}" : null);
        var serve = new Command("serve", "Runs the embedded broker with its Kafka listener for outside clients (kcat, librdkafka): prints 'listening on HOST:PORT', stops when stdin closes or on SIGINT/SIGTERM, then prints its CPU seconds")
        {
            servePort, servePartitions, dataDir,
        };
        serve.SetAction((parse, ct) => Task.FromResult(ServeRun.Run(parse.GetValue(servePort), parse.GetValue(servePartitions), parse.GetValue(dataDir), ct)));
        return serve;
    }
}
