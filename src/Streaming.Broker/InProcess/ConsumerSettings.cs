namespace Streaming.Broker.InProcess;

/// <summary>A consumer's configuration, read and checked once when the consumer is built.</summary>
internal sealed record ConsumerSettings
{
    public required string ClientId { get; init; }
    public required string? GroupId { get; init; }
    public required AutoOffsetReset AutoOffsetReset { get; init; }
    public required int MaxPartitionFetchBytes { get; init; }
    public required TimeSpan FetchMaxWait { get; init; }
    public required bool CheckCrcs { get; init; }
    public required bool EnablePartitionEof { get; init; }

    private static int _clientCounter;

    public static ConsumerSettings From(ConsumerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.GroupId is { } group && string.IsNullOrWhiteSpace(group))
            throw new InvalidConfigurationException("'group.id' is empty: leave it unset or give the group a name");
        return new ConsumerSettings
        {
            ClientId = config.ClientId ?? $"consumer-{Interlocked.Increment(ref _clientCounter)}",
            GroupId = config.GroupId,
            AutoOffsetReset = config.AutoOffsetReset ?? AutoOffsetReset.Latest,
            MaxPartitionFetchBytes = config.GetInt("max.partition.fetch.bytes", 1024 * 1024, 1),
            FetchMaxWait = TimeSpan.FromMilliseconds(config.GetInt("fetch.max.wait.ms", 500, 0)),
            CheckCrcs = config.GetBool("check.crcs", true),
            EnablePartitionEof = config.GetBool("enable.partition.eof", false),
        };
    }
}
