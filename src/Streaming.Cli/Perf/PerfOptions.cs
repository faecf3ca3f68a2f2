namespace Streaming.Perf;

/// <summary>The harness's settings, checked by <see cref="PerfOptionSet"/> before a run.</summary>
internal sealed record PerfOptions
{
    public required long Records { get; init; }
    public required int RecordSize { get; init; }
    public required int Partitions { get; init; }
    public required int Producers { get; init; }
    public required Acks Acks { get; init; }
    public required string AcksText { get; init; }
    public required int? LingerMs { get; init; }
    public required int? BatchSize { get; init; }
    public required long? Rate { get; init; }
    public required double LatencyWarmupSeconds { get; init; }
    public required string? DataDirectory { get; init; }
    public required bool Json { get; init; }
    public required bool SkipConsume { get; init; }
    public int? GroupConsumers { get; init; }

    /// <summary>Each producer sends inside transactions, committing one every <see cref="TransactionMs"/>; consumers read_committed.</summary>
    public bool Transactional { get; init; }

    public int TransactionMs { get; init; } = 100;

    /// <summary>With a value: Confluent.Kafka clients (the Kafka transport) against this Kafka-protocol broker, not the embedded one.</summary>
    public string? BootstrapServers { get; init; }
}
