// The end-to-end perf harness: produce N records to an embedded broker and consume them back, or (with --rate) measure
// end-to-end latency with a paced producer and a concurrent consumer; `eos-copy` measures the exactly-once copy loop.
// Run it in Release:
//   dotnet run -c Release --project bench/Streaming.Perf -- --records 10000000 --partitions 6 --acks 1
//   dotnet run -c Release --project bench/Streaming.Perf -- --acks all --transactional --transaction-ms 100
//   dotnet run -c Release --project bench/Streaming.Perf -- eos-copy --records 5000000 --partitions 6 --commit-interval-ms 100
using System.CommandLine;
using System.CommandLine.Parsing;
using Streaming;
using Streaming.Perf;

var records = new Option<long?>("--records") { Description = "Records to produce (default 10,000,000; with --rate, 20 s worth)" };
var recordSize = new Option<int>("--record-size") { Description = "Value size in bytes, at least 8 (the first 8 hold a timestamp)", DefaultValueFactory = _ => 100 };
var partitions = new Option<int>("--partitions") { Description = "Partitions of the topic", DefaultValueFactory = _ => 6 };
var producers = new Option<int>("--producers") { Description = "Concurrent producers, one thread each", DefaultValueFactory = _ => 1 };
var acks = new Option<string>("--acks") { Description = "acks of every producer: 0, 1 or all", DefaultValueFactory = _ => "1" };
var linger = new Option<int?>("--linger-ms") { Description = "linger.ms of every producer (default: the producer's, 5)" };
var batchSize = new Option<int?>("--batch-size") { Description = "batch.size of every producer (default: the producer's, 16384)" };
var rate = new Option<long?>("--rate") { Description = "Latency run: produce at this many records/s in total while a consumer reads concurrently" };
var warmup = new Option<double>("--latency-warmup-seconds") { Description = "Latency run: seconds of records left out of the histogram", DefaultValueFactory = _ => 1.0 };
var dataDir = new Option<string?>("--data-dir") { Description = "Broker data directory (default: a fresh temp directory, deleted at the end)" };
var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
var skipConsume = new Option<bool>("--skip-consume") { Description = "Throughput run: produce only" };
var groupConsumers = new Option<int?>("--group-consumers") { Description = "Throughput run: consume with this many members of one consumer group (subscribe) instead of one assigned consumer" };
var rebalanceMembers = new Option<int?>("--rebalance-members") { Description = "Rebalance run: a cooperative-sticky group of this many members; time until it settles after one more joins (5 trials)" };
var transactional = new Option<bool>("--transactional") { Description = "Throughput run: every producer sends inside transactions (transactional.id, needs --acks all); the consumer reads read_committed" };
var transactionMs = new Option<int>("--transaction-ms") { Description = "With --transactional: commit a transaction after this many ms", DefaultValueFactory = _ => 100 };
transactionMs.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 60_000) r.AddError($"--transaction-ms must be between 1 and 60000, got {r.GetValueOrDefault<int>()}"); });
groupConsumers.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1 or > 256) r.AddError("--group-consumers must be between 1 and 256"); });
rebalanceMembers.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1 or > 256) r.AddError("--rebalance-members must be between 1 and 256"); });

records.Validators.Add(r => { if (r.GetValueOrDefault<long?>() is <= 0) r.AddError($"--records must be at least 1, got {r.GetValueOrDefault<long?>()}"); });
recordSize.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 8 or > 1_000_000) r.AddError($"--record-size must be between 8 and 1000000 bytes (the first 8 hold the send timestamp), got {r.GetValueOrDefault<int>()}"); });
partitions.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 10_000) r.AddError($"--partitions must be between 1 and 10000, got {r.GetValueOrDefault<int>()}"); });
producers.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 1024) r.AddError($"--producers must be between 1 and 1024, got {r.GetValueOrDefault<int>()}"); });
acks.Validators.Add(r => { if (ParseAcks(r.GetValueOrDefault<string>()) is null) r.AddError($"--acks must be 0, 1 or all (or -1), got '{r.GetValueOrDefault<string>()}'"); });
linger.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 0) r.AddError($"--linger-ms must not be negative, got {r.GetValueOrDefault<int?>()}"); });
batchSize.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError($"--batch-size must be at least 1, got {r.GetValueOrDefault<int?>()}"); });
rate.Validators.Add(r => { if (r.GetValueOrDefault<long?>() is <= 0) r.AddError($"--rate must be at least 1 record/s, got {r.GetValueOrDefault<long?>()}"); });
warmup.Validators.Add(r => { if (r.GetValueOrDefault<double>() is < 0 or double.NaN) r.AddError("--latency-warmup-seconds must not be negative"); });

var bootstrapServers = new Option<string?>("--bootstrap-server") { Description = "Run over the wire: Confluent.Kafka clients (the Kafka transport) against this Kafka-protocol broker (e.g. one started with 'serve') instead of the embedded broker in this process" };
var root = new RootCommand("Streaming perf harness: produce/consume throughput and end-to-end latency on the embedded broker")
{
    records, recordSize, partitions, producers, acks, linger, batchSize, rate, warmup, dataDir, json, skipConsume, groupConsumers, rebalanceMembers,
    transactional, transactionMs, bootstrapServers,
};

// eos-copy's own options: the same names, with its defaults and descriptions.
var copyRecords = new Option<long>("--records") { Description = "Records in the input topic, all copied", DefaultValueFactory = _ => 5_000_000 };
var copyRecordSize = new Option<int>("--record-size") { Description = "Value size in bytes (8-byte keys)", DefaultValueFactory = _ => 100 };
var copyPartitions = new Option<int>("--partitions") { Description = "Partitions of the input and of the output topic", DefaultValueFactory = _ => 6 };
var copyLinger = new Option<int?>("--linger-ms") { Description = "linger.ms of the processor's producer (default: the producer's, 5)" };
var copyBatchSize = new Option<int?>("--batch-size") { Description = "batch.size of the processor's producer (default: the producer's, 16384)" };
copyRecords.Validators.Add(r => { if (r.GetValueOrDefault<long>() < 1) r.AddError($"--records must be at least 1, got {r.GetValueOrDefault<long>()}"); });
copyRecordSize.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 8 or > 1_000_000) r.AddError($"--record-size must be between 8 and 1000000 bytes, got {r.GetValueOrDefault<int>()}"); });
copyPartitions.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 10_000) r.AddError($"--partitions must be between 1 and 10000, got {r.GetValueOrDefault<int>()}"); });
copyLinger.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 0) r.AddError($"--linger-ms must not be negative, got {r.GetValueOrDefault<int?>()}"); });
copyBatchSize.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError($"--batch-size must be at least 1, got {r.GetValueOrDefault<int?>()}"); });
var commitInterval = new Option<int>("--commit-interval-ms") { Description = "The processor's commit interval (one transaction per interval)", DefaultValueFactory = _ => 100 };
commitInterval.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 60_000) r.AddError($"--commit-interval-ms must be between 1 and 60000, got {r.GetValueOrDefault<int>()}"); });
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
root.Add(eosCopy);
var servePort = new Option<int>("--port") { Description = "Port of the Kafka listener on 127.0.0.1 (0: a free one)", DefaultValueFactory = _ => 0 };
servePort.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 65535) r.AddError($"--port must be between 0 and 65535, got {r.GetValueOrDefault<int>()}"); });
var servePartitions = new Option<int>("--partitions") { Description = "Partitions of auto-created topics", DefaultValueFactory = _ => 6 };
servePartitions.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 10_000) r.AddError($"--partitions must be between 1 and 10000, got {r.GetValueOrDefault<int>()}"); });
var serve = new Command("serve", "Runs the embedded broker with its Kafka listener for outside clients (kcat, librdkafka): prints 'listening on HOST:PORT', stops when stdin closes or on SIGINT/SIGTERM, then prints its CPU seconds")
{
    servePort, servePartitions, dataDir,
};
serve.SetAction(parse => ServeRun.Run(parse.GetValue(servePort), parse.GetValue(servePartitions), parse.GetValue(dataDir)));
root.Add(serve);
root.SetAction(parse =>
{
    if (parse.GetValue(rebalanceMembers) is { } settleMembers)
        return RebalanceRun.Run(settleMembers, parse.GetValue(partitions), parse.GetValue(json));
    long? r = parse.GetValue(rate);
    long n = parse.GetValue(records) ?? (r is { } perSecond ? perSecond * 20 : 10_000_000);
    string acksText = parse.GetValue(acks)!;
    var options = new PerfOptions
    {
        Records = n,
        RecordSize = parse.GetValue(recordSize),
        Partitions = parse.GetValue(partitions),
        Producers = parse.GetValue(producers),
        Acks = ParseAcks(acksText)!.Value,
        AcksText = acksText == "-1" ? "all" : acksText,
        LingerMs = parse.GetValue(linger),
        BatchSize = parse.GetValue(batchSize),
        Rate = r,
        LatencyWarmupSeconds = parse.GetValue(warmup),
        DataDirectory = parse.GetValue(dataDir),
        Json = parse.GetValue(json),
        SkipConsume = parse.GetValue(skipConsume),
        GroupConsumers = parse.GetValue(groupConsumers),
        Transactional = parse.GetValue(transactional),
        TransactionMs = parse.GetValue(transactionMs),
        BootstrapServers = parse.GetValue(bootstrapServers),
    };
    if (options.Transactional && (options.Acks != Acks.All || r is not null))
    {
        Console.Error.WriteLine("--transactional needs --acks all (a transactional producer is idempotent) and a throughput run (no --rate)");
        return 2;
    }
    if (options.Records < options.Producers)
    {
        Console.Error.WriteLine($"--records ({options.Records}) must be at least --producers ({options.Producers})");
        return 2;
    }
    if (r is not null && options.SkipConsume)
    {
        Console.Error.WriteLine("--skip-consume cannot be used with --rate: the latency run needs the consumer");
        return 2;
    }
    var result = new PerfRunner(options, Console.Out).Run();
    if (options.Json)
    {
        using var stdout = Console.OpenStandardOutput();
        result.WriteJson(stdout);
    }
    else
    {
        Console.WriteLine($"peak working set: {result.PeakWorkingSetBytes / (1024.0 * 1024):N0} MB");
    }
    return 0;
});
return root.Parse(args).Invoke();

static Acks? ParseAcks(string? text) => text switch
{
    "0" => Acks.None,
    "1" => Acks.Leader,
    "all" or "-1" => Acks.All,
    _ => null,
};
