using System.CommandLine;
using Streaming.Cli.Internal;

namespace Streaming.Perf;

/// <summary>
/// The perf harness's options, their validation and the run that follows: shared by `streaming perf` and by
/// bench/Streaming.Perf, so both take the same flags and print the same JSON fields.
/// </summary>
internal sealed class PerfOptionSet
{
    public Option<long?> Records { get; } = new("--records") { Description = "Records to produce (default 10,000,000 in the harness, 1,000,000 in `streaming perf`; with --rate, 20 s worth)" };
    public Option<int> RecordSize { get; } = new("--record-size") { Description = "Value size in bytes, at least 8 (the first 8 hold a timestamp)", DefaultValueFactory = _ => 100 };
    public Option<int> Partitions { get; } = new("--partitions") { Description = "Partitions of the topic", DefaultValueFactory = _ => 6 };
    public Option<int> Producers { get; } = new("--producers") { Description = "Concurrent producers, one thread each", DefaultValueFactory = _ => 1 };
    public Option<string> Acks { get; } = new("--acks") { Description = "acks of every producer: 0, 1 or all", DefaultValueFactory = _ => "1" };
    public Option<int?> Linger { get; } = new("--linger-ms") { Description = "linger.ms of every producer (default: the producer's, 5)" };
    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "batch.size of every producer (default: the producer's, 16384)" };
    public Option<long?> Rate { get; } = new("--rate") { Description = "Latency run: produce at this many records/s in total while a consumer reads concurrently" };
    public Option<double> Warmup { get; } = new("--latency-warmup-seconds") { Description = "Latency run: seconds of records left out of the histogram", DefaultValueFactory = _ => 1.0 };
    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "Broker data directory of an in-process run (default: a fresh temp directory, deleted at the end)" };
    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON object instead of text" };
    public Option<bool> SkipConsume { get; } = new("--skip-consume") { Description = "Throughput run: produce only" };
    public Option<int?> GroupConsumers { get; } = new("--group-consumers") { Description = "Throughput run: consume with this many members of one consumer group (subscribe) instead of one assigned consumer" };
    public Option<bool> Transactional { get; } = new("--transactional") { Description = "Throughput run: every producer sends inside transactions (transactional.id, needs --acks all); the consumer reads read_committed" };
    public Option<int> TransactionMs { get; } = new("--transaction-ms") { Description = "With --transactional: commit a transaction after this many ms", DefaultValueFactory = _ => 100 };

    public PerfOptionSet()
    {
        TransactionMs.Check(v => v is < 1 or > 60_000 ? $"--transaction-ms must be between 1 and 60000, got {v}" : null);
        GroupConsumers.Check(v => v is < 1 or > 256 ? $"--group-consumers must be between 1 and 256, got {v}" : null);
        Records.Check(v => v is <= 0 ? $"--records must be at least 1, got {v}" : null);
        RecordSize.Check(v => v is < 8 or > 1_000_000 ? $"--record-size must be between 8 and 1000000 bytes (the first 8 hold the send timestamp), got {v}" : null);
        Partitions.Check(v => v is < 1 or > 10_000 ? $"--partitions must be between 1 and 10000, got {v}" : null);
        Producers.Check(v => v is < 1 or > 1024 ? $"--producers must be between 1 and 1024, got {v}" : null);
        Acks.Validators.Add(r => { if (ParseAcks(r.GetValueOrDefault<string>()) is null) r.AddError($"--acks must be 0, 1 or all (or -1), got '{r.GetValueOrDefault<string>()}'"); });
        Linger.Check(v => v is < 0 ? $"--linger-ms must not be negative, got {v}" : null);
        BatchSize.Check(v => v is < 1 ? $"--batch-size must be at least 1, got {v}" : null);
        Rate.Check(v => v is <= 0 ? $"--rate must be at least 1 record/s, got {v}" : null);
        Warmup.Check(v => v is < 0 or double.NaN ? "--latency-warmup-seconds must not be negative" : null);
    }

    /// <summary>Adds the throughput options; with <paramref name="latency"/> also --rate and the warm-up, with <paramref name="skipConsume"/> --skip-consume.</summary>
    public void AddTo(Command command, bool latency, bool skipConsume)
    {
        foreach (Option option in new Option[] { Records, RecordSize, Partitions, Producers, Acks, Linger, BatchSize, DataDir, Json, GroupConsumers, Transactional, TransactionMs })
            command.Add(option);
        if (latency)
        {
            command.Add(Rate);
            command.Add(Warmup);
        }
        if (skipConsume) command.Add(SkipConsume);
    }

    /// <summary>The run's options from the parsed flags; a usage error (exit code 2) for combinations that cannot run.</summary>
    /// <remarks>Read only the options <see cref="AddTo"/> added: <paramref name="latency"/> and <paramref name="skipConsume"/> (null: from --skip-consume) say which.</remarks>
    public PerfOptions Build(ParseResult parse, long defaultRecords, string? bootstrapServers, bool latency, bool? skipConsume)
    {
        long? r = latency ? parse.GetValue(Rate) : null;
        long n = parse.GetValue(Records) ?? (r is { } perSecond ? perSecond * 20 : defaultRecords);
        string acksText = parse.GetValue(Acks)!;
        var options = new PerfOptions
        {
            Records = n,
            RecordSize = parse.GetValue(RecordSize),
            Partitions = parse.GetValue(Partitions),
            Producers = parse.GetValue(Producers),
            Acks = ParseAcks(acksText)!.Value,
            AcksText = acksText == "-1" ? "all" : acksText,
            LingerMs = parse.GetValue(Linger),
            BatchSize = parse.GetValue(BatchSize),
            Rate = r,
            LatencyWarmupSeconds = latency ? parse.GetValue(Warmup) : 1.0,
            DataDirectory = parse.GetValue(DataDir),
            Json = parse.GetValue(Json),
            SkipConsume = skipConsume ?? parse.GetValue(SkipConsume),
            GroupConsumers = parse.GetValue(GroupConsumers),
            Transactional = parse.GetValue(Transactional),
            TransactionMs = parse.GetValue(TransactionMs),
            BootstrapServers = bootstrapServers,
        };
        if (options.Transactional && (options.Acks != Streaming.Acks.All || r is not null))
            throw CliException.Usage("--transactional needs --acks all (a transactional producer is idempotent) and a throughput run (no --rate)");
        if (options.Records < options.Producers)
            throw CliException.Usage($"--records ({options.Records}) must be at least --producers ({options.Producers})");
        if (r is not null && options.SkipConsume)
            throw CliException.Usage("--skip-consume cannot be used with --rate: the latency run needs the consumer");
        return options;
    }

    /// <summary>Runs the harness and prints its result: JSON with --json, else the text it printed and the peak working set.</summary>
    public static int Run(PerfOptions options)
    {
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
        return ExitCodes.Success;
    }

    public static Acks? ParseAcks(string? text) => text switch
    {
        "0" => Streaming.Acks.None,
        "1" => Streaming.Acks.Leader,
        "all" or "-1" => Streaming.Acks.All,
        _ => null,
    };
}
